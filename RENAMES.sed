# Class moves and renames on branch `layers`, to replay on another branch before merging:
#   git ls-files '*.java' | xargs sed -i -E -f RENAMES.sed     (GNU sed: \b word boundaries)
# Order matters: the JSON-helper lines run before the class moves. Delete this file at merge.
# Not expressible as sed (do by hand where your branch calls them): staff methods now take an Actor first, e.g.
#   tickets.setStatus(actor, reference, status), escalations.list(actor, status, limit),
#   escalations.setStatus(actor, id, status), knowledge.upload(actor, ...) with app.porter.access.Actor
#   instead of AdminPrincipal; DocumentRejected(Reason, message) is gone (TooLarge, UnsupportedType, NotFound,
#   DocumentRejected(message) for unreadable content).
s/\bapp\.porter\.privacy\.Aead\b/app.porter.crypto.Aead/g
s/\bapp\.porter\.privacy\.KeyRing\b/app.porter.crypto.KeyRing/g
s/\bapp\.porter\.privacy\.MasterKey\b/app.porter.crypto.MasterKey/g
s/\bapp\.porter\.privacy\.Keystore\b/app.porter.crypto.Keystore/g
s/\bapp\.porter\.privacy\.ApplianceKey\b/app.porter.crypto.ApplianceKey/g
s/\bapp\.porter\.privacy\.SecretFiles\b/app.porter.crypto.SecretFiles/g
s/\bapp\.porter\.privacy\.BearerTokens\b/app.porter.crypto.BearerTokens/g
s/\bapp\.porter\.privacy\.TamperedDataException\b/app.porter.crypto.TamperedDataException/g
s/\bapp\.porter\.audit\.Signer\b/app.porter.crypto.Signer/g
s/\bapp\.porter\.privacy\.AeadTest\b/app.porter.crypto.AeadTest/g
s/\bapp\.porter\.privacy\.KeystoreTest\b/app.porter.crypto.KeystoreTest/g
s/\bapp\.porter\.access\.NotPermitted\b/app.porter.errors.NotPermitted/g
# Ticket and escalation JSON shapes moved out of the HTTP services into their features (flows/Flows uses them for
# the webhook). These run before the class moves below: in a feature file the old import meant the JSON helper.
s/\bTicketAdminService\.json\b/TicketJson.json/g
s/\bEscalationAdminService\.json\b/EscalationJson.json/g
s/^import app\.porter\.tickets\.TicketAdminService;$/import app.porter.tickets.TicketJson;/
s/^import app\.porter\.escalation\.EscalationAdminService;$/import app.porter.escalation.EscalationJson;/
s/\bapp\.porter\.knowledge\.KnowledgeAdminService\b/app.porter.admin.KnowledgeHttpService/g
s/\bKnowledgeAdminService\b/KnowledgeHttpService/g
s/\bapp\.porter\.portfolio\.PortfolioAdminService\b/app.porter.admin.PortfolioHttpService/g
s/\bPortfolioAdminService\b/PortfolioHttpService/g
s/\bapp\.porter\.models\.ModelsAdminService\b/app.porter.admin.ModelsHttpService/g
s/\bModelsAdminService\b/ModelsHttpService/g
s/\bapp\.porter\.tickets\.TicketAdminService\b/app.porter.admin.TicketsHttpService/g
s/\bTicketAdminService\b/TicketsHttpService/g
s/\bapp\.porter\.escalation\.EscalationAdminService\b/app.porter.admin.EscalationsHttpService/g
s/\bEscalationAdminService\b/EscalationsHttpService/g
s/\bapp\.porter\.audit\.AuditHttpService\b/app.porter.admin.AuditHttpService/g
s/\bapp\.porter\.privacy\.PrivacyAdminHttpService\b/app.porter.admin.PrivacyHttpService/g
s/\bPrivacyAdminHttpService\b/PrivacyHttpService/g
s/\bapp\.porter\.http\.AdminAuth\b/app.porter.admin.AdminAuth/g
