package app.porter.console;

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
import app.porter.models.ModelManager;
import app.porter.notify.Notifications;
import app.porter.policy.Policies;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.PrivacyServices;
import app.porter.properties.PropertySetup;
import app.porter.staff.StaffAccounts;
import app.porter.tickets.Tickets;

/**
 * What the console may use: the same services the admin API uses, so every console action passes the same
 * checks and lands in the same audit log.
 *
 * @param host address to bind (127.0.0.1 by default: the console is for the office, not the internet)
 * @param port port to bind; 0 picks a free one
 * @param tokens verifies the bootstrap token that sets up the first admin
 * @param knowledge the knowledge base: documents, uploads, ingestion jobs, search
 * @param conversations conversation counts
 * @param portfolio the firm's properties and units
 * @param audit where console actions are recorded
 * @param demoPropertyId the property shown first
 * @param models installed generative models and the active one
 * @param privacy retention, data-subject requests, legal holds, the notice, keys (audited like the admin API)
 * @param tickets maintenance tickets
 * @param escalations conversations handed to staff
 * @param notifications who is told of escalations and tickets by e-mail; the webhook's signing secret
 * @param inbox the escalation queue with SLA, transcripts, claim, reply, notes and hand-back
 * @param staff staff accounts: console sign-in, first-admin set-up, the Staff view
 * @param gaps what Porter could not answer, grouped by meaning (the Knowledge gaps view)
 * @param corrections entries drafted from a gap or a staff reply and published into the knowledge base
 * @param dataset the de-identified training-dataset export (Data requests view)
 * @param policies the firm's versioned policy set: the Policies view
 * @param properties properties and units (rename), each property's settings and notification addresses
 * @param analytics the numbers behind the Analytics view's charts
 */
public record ConsoleContext(String host, int port, AdminTokens tokens, KnowledgeLibrary knowledge,
                             Conversations conversations, Portfolio portfolio, AuditLog audit,
                             String demoPropertyId, ModelManager models, PrivacyServices privacy,
                             Tickets tickets, Escalations escalations, Notifications notifications,
                             Inbox inbox, StaffAccounts staff, KnowledgeGaps gaps, Corrections corrections,
                             DatasetExport dataset, Policies policies, PropertySetup properties,
                             Analytics analytics) {
}
