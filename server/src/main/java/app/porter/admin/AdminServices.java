package app.porter.admin;

import app.porter.access.AdminTokens;
import app.porter.analytics.Analytics;
import app.porter.audit.AuditLog;
import app.porter.chat.Conversations;
import app.porter.dataset.DatasetExport;
import app.porter.escalation.Escalations;
import app.porter.gaps.Corrections;
import app.porter.gaps.KnowledgeGaps;
import app.porter.inbox.Inbox;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.modelimport.ModelImports;
import app.porter.models.ModelManager;
import app.porter.notify.Notifications;
import app.porter.policy.Policies;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.PrivacyServices;
import app.porter.properties.PropertySetup;
import app.porter.staff.StaffAccounts;
import app.porter.suites.Suites;
import app.porter.tickets.Tickets;

/**
 * The appliance's services as staff reach them: the admin API and the console take this same record, so every
 * console action passes the same checks and lands in the same audit log, and a new feature is one component here.
 *
 * @param tokens admin tokens: the bearer check, and the bootstrap token that sets up the first admin
 * @param staff staff accounts: sign-in, first-admin set-up, the Staff view
 * @param knowledge the knowledge base: documents, uploads, ingestion jobs, search
 * @param conversations conversation counts
 * @param portfolio the firm's properties and units
 * @param audit where staff actions are recorded (the same log as {@code privacy.audit()})
 * @param demoPropertyId the property the console shows first
 * @param models installed generative models and the active one
 * @param privacy retention, data-subject requests, legal holds, the notice, keys
 * @param tickets maintenance tickets
 * @param escalations conversations handed to staff
 * @param notifications who is told of escalations and tickets by e-mail; the webhook's signing secret
 * @param inbox the escalation queue with SLA, transcripts, claim, reply, notes and hand-back
 * @param gaps what Porter could not answer, grouped by meaning
 * @param corrections entries drafted from a gap or a staff reply and published into the knowledge base
 * @param dataset the de-identified training-dataset export
 * @param suites acceptance suites: the firm's scenarios rehearsed against the appliance as it is now
 * @param policies the firm's versioned policy set
 * @param properties properties and units (rename), each property's settings and notification addresses
 * @param analytics the numbers behind the Analytics charts
 * @param imports GGUF and safetensors checkpoints being imported as models, with their progress
 * @param tokenLockout wrong admin tokens per source address: the admin socket's bearer check and the console's
 *                     bootstrap-token step count into the same one
 */
public record AdminServices(AdminTokens tokens, StaffAccounts staff, KnowledgeLibrary knowledge,
                            Conversations conversations, Portfolio portfolio, AuditLog audit, String demoPropertyId,
                            ModelManager models, PrivacyServices privacy, Tickets tickets, Escalations escalations,
                            Notifications notifications, Inbox inbox, KnowledgeGaps gaps, Corrections corrections,
                            DatasetExport dataset, Suites suites, Policies policies, PropertySetup properties,
                            Analytics analytics, ModelImports imports, TokenLockout tokenLockout) {
}
