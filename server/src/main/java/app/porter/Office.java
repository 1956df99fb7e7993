package app.porter;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import app.porter.analytics.Analytics;
import app.porter.audit.AuditLog;
import app.porter.chat.ConversationRecords;
import app.porter.chat.Conversations;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.dataset.DatasetExport;
import app.porter.escalation.ReplyContacts;
import app.porter.feedback.Feedback;
import app.porter.flows.Flows;
import app.porter.gaps.Corrections;
import app.porter.gaps.KnowledgeGaps;
import app.porter.inbox.Inbox;
import app.porter.inference.Embedder;
import app.porter.knowledge.KnowledgeBase;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.policy.Policies;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.DataClass;
import app.porter.privacy.DataSubjectRequests;
import app.porter.privacy.Expirer;
import app.porter.privacy.PrivacyNotices;
import app.porter.privacy.PrivacyServices;
import app.porter.privacy.Redactor;
import app.porter.privacy.Retention;
import app.porter.staff.StaffAccounts;
import app.porter.store.Database;
import app.porter.suites.SuiteFiles;
import app.porter.suites.Suites;

/**
 * The office side of the wiring, built once conversations exist: what tenants could not answer and what they
 * thought of the answers, the privacy services over everything a conversation left behind, the inbox, the
 * dataset export and the acceptance suites. Part of {@link Porter#start}, split out so that it reads top-down.
 */
record Office(KnowledgeGaps gaps, Corrections corrections, Feedback feedback, Retention retention,
              PrivacyServices privacy, Inbox inbox, DatasetExport dataset, Suites suites) {

    /** Builds the office side in dependency order; what must be closed is added to {@code opened}. */
    static Office open(PorterConfig config, Database database, KeyRing keys, ApplianceKey applianceKey,
                       AuditLog audit, PrivacyNotices notices, Redactor redactor, Embedder embedder,
                       Conversations conversations, KnowledgeBase knowledge, KnowledgeLibrary knowledgeService,
                       Portfolio portfolio, Flows flows, Policies policies, StaffAccounts staff, Analytics analytics,
                       Clock clock, List<AutoCloseable> opened) {
        // What Porter could not answer, thumbs and satisfaction scores, entries staff publish to fill the gaps.
        KnowledgeGaps gaps = new KnowledgeGaps(database, conversations, embedder, redactor, audit,
                KnowledgeGaps.Settings.defaults(config.minSimilarity()), clock);
        conversations.onKnowledgeAnswer(gaps);
        Corrections corrections = new Corrections(database, gaps, conversations, knowledgeService, portfolio,
                redactor, audit, clock);
        Feedback feedback = new Feedback(database, conversations, flows.router(), gaps, analytics, clock);

        // The e-mail or phone a tenant left for a reply is theirs: exported and deleted with the conversation.
        ReplyContacts replyContacts = new ReplyContacts(database, keys, clock);
        ConversationRecords records = new ConversationRecords(database, keys, List.of(
                new ConversationRecords.Linked("tickets", flows.tickets()::exportOf, Flows::shredConversations),
                new ConversationRecords.Linked("replyContact", id -> replyContacts.of(id)
                        .<JsonValue>map(Json::createValue).orElse(JsonValue.NULL), ReplyContacts::shred),
                new ConversationRecords.Linked("feedback", feedback::exportOf, Feedback::shred),
                new ConversationRecords.Linked("knowledgeGaps", gaps::exportOf, KnowledgeGaps::shred)));
        Retention retention = new Retention(database, audit, clock, List.of(records, auditRetention(audit),
                flows.tickets().retention(), flows.escalations().retention(), feedback.retention()),
                config.privacy().purgeAt(), ZoneId.systemDefault());
        retention.onEachRun(audit::checkpoint); // the daily signed checkpoint
        opened.add(retention);
        DataSubjectRequests requests = new DataSubjectRequests(records, records, audit, applianceKey, clock,
                DataSubjectRequests.NO_TENANTS);
        PrivacyServices privacy = new PrivacyServices(keys, Porter.WRAPPED_KEY_TABLES, applianceKey, retention,
                requests, notices, redactor, audit);
        Inbox inbox = new Inbox(flows.escalations(), conversations, replyContacts,
                knowledge, redactor, audit, config.escalationSla(), clock);
        DatasetExport dataset = new DatasetExport(conversations, portfolio, flows.escalations(), flows.tickets(),
                feedback, audit, policies::promptText, actor -> staff.list(actor).stream()
                        .flatMap(m -> Stream.of(m.displayName(), m.username())).toList(),
                config.privacy().phoneRegion(), clock);
        Suites suites = new Suites(conversations, database, audit, clock,
                SuiteFiles.in(config.dataDir()));
        return new Office(gaps, corrections, feedback, retention, privacy, inbox, dataset, suites);
    }

    /** The audit log's own retention: old entries pruned behind a signed anchor, so the rest still verifies. */
    private static Expirer auditRetention(AuditLog audit) {
        return new Expirer() {
            @Override
            public DataClass dataClass() {
                return DataClass.AUDIT_LOG;
            }

            @Override
            public long countExpired(Instant cutoff) {
                return audit.countBefore(cutoff);
            }

            @Override
            public long purgeExpired(Instant cutoff) {
                return audit.pruneBefore(cutoff);
            }
        };
    }
}
