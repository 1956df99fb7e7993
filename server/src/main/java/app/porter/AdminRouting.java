package app.porter;

import java.time.Clock;

import io.helidon.webserver.http.HttpRouting;

import app.porter.access.AdminTokens;
import app.porter.admin.AdminAuth;
import app.porter.admin.AnalyticsHttpService;
import app.porter.admin.AuditHttpService;
import app.porter.admin.CorrectionsHttpService;
import app.porter.admin.DatasetHttpService;
import app.porter.admin.EscalationsHttpService;
import app.porter.admin.KnowledgeGapsHttpService;
import app.porter.admin.KnowledgeHttpService;
import app.porter.admin.ModelsHttpService;
import app.porter.admin.NotificationsHttpService;
import app.porter.admin.PoliciesHttpService;
import app.porter.admin.PortfolioHttpService;
import app.porter.admin.PrivacyHttpService;
import app.porter.admin.StaffHttpService;
import app.porter.admin.SuitesHttpService;
import app.porter.admin.TicketsHttpService;
import app.porter.admin.TokenLockout;
import app.porter.dataset.DatasetExport;
import app.porter.analytics.Analytics;
import app.porter.flows.Flows;
import app.porter.gaps.Corrections;
import app.porter.gaps.KnowledgeGaps;
import app.porter.http.ApiErrors;
import app.porter.inbox.Inbox;
import app.porter.knowledge.KnowledgeLibrary;
import app.porter.models.ModelManager;
import app.porter.notify.Notifications;
import app.porter.policy.Policies;
import app.porter.portfolio.Portfolio;
import app.porter.privacy.PrivacyServices;
import app.porter.properties.PropertySetup;
import app.porter.staff.StaffAccounts;
import app.porter.suites.Suites;

/**
 * The admin socket's routes (HTTP contract v1, admin side): every path behind {@link AdminAuth}'s bearer check,
 * each feature's admin service under its prefix. Kept apart from the tenant routes so that nothing admin can be
 * registered on the public socket by accident.
 */
final class AdminRouting {

    private AdminRouting() {
    }

    static void register(HttpRouting.Builder routing, AdminTokens tokens, StaffAccounts staff,
                         KnowledgeLibrary knowledge, Portfolio portfolio, ModelManager models,
                         PrivacyServices privacy, Flows flows, Notifications notifications, Inbox inbox,
                         KnowledgeGaps gaps, Corrections corrections, DatasetExport dataset, Suites suites,
                         Policies policies, PropertySetup properties, Analytics analytics) {
        ApiErrors.register(routing);
        IntegrityErrors.register(routing, privacy.audit());
        routing.addFilter(new AdminAuth(tokens, staff, new TokenLockout(privacy.audit(), Clock.systemUTC())))
                .register("/api/admin/v1/staff", new StaffHttpService(staff))
                .register("/api/admin/v1/properties", new PortfolioHttpService(portfolio, properties))
                .register("/api/admin/v1/kb", new KnowledgeHttpService(knowledge))
                .register("/api/admin/v1/models", new ModelsHttpService(models))
                .register("/api/admin/v1/audit", new AuditHttpService(privacy.audit()))
                .register("/api/admin/v1/escalations", new EscalationsHttpService(flows.escalations(), inbox))
                .register("/api/admin/v1/tickets", new TicketsHttpService(flows.tickets()))
                .register("/api/admin/v1/notifications", new NotificationsHttpService(notifications))
                .register("/api/admin/v1/knowledge-gaps", new KnowledgeGapsHttpService(gaps, corrections))
                .register("/api/admin/v1/corrections", new CorrectionsHttpService(corrections))
                .register("/api/admin/v1/dataset", new DatasetHttpService(dataset))
                .register("/api/admin/v1/suites", new SuitesHttpService(suites))
                .register("/api/admin/v1/policies", new PoliciesHttpService(policies))
                .register("/api/admin/v1/analytics", new AnalyticsHttpService(analytics, portfolio))
                .register("/api/admin/v1", new PrivacyHttpService(privacy));
    }
}
