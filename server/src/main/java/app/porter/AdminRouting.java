package app.porter;


import io.helidon.webserver.http.HttpRouting;

import app.porter.admin.AdminAuth;
import app.porter.admin.AdminServices;
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
import app.porter.http.ApiErrors;
import app.porter.privacy.PrivacyServices;

/**
 * The admin socket's routes (HTTP contract v1, admin side): every path behind {@link AdminAuth}'s bearer check,
 * each feature's admin service under its prefix. Kept apart from the tenant routes so that nothing admin can be
 * registered on the public socket by accident.
 */
final class AdminRouting {

    private AdminRouting() {
    }

    static void register(HttpRouting.Builder routing, AdminServices services) {
        PrivacyServices privacy = services.privacy();
        ApiErrors.register(routing);
        IntegrityErrors.register(routing, privacy.audit());
        routing.addFilter(new AdminAuth(services.tokens(), services.staff(), services.tokenLockout()))
                .register("/api/admin/v1/staff", new StaffHttpService(services.staff()))
                .register("/api/admin/v1/properties", new PortfolioHttpService(services.portfolio(),
                        services.properties()))
                .register("/api/admin/v1/kb", new KnowledgeHttpService(services.knowledge()))
                .register("/api/admin/v1/models", new ModelsHttpService(services.models(), services.imports()))
                .register("/api/admin/v1/audit", new AuditHttpService(privacy.audit()))
                .register("/api/admin/v1/escalations", new EscalationsHttpService(services.escalations(),
                        services.inbox()))
                .register("/api/admin/v1/tickets", new TicketsHttpService(services.tickets()))
                .register("/api/admin/v1/notifications", new NotificationsHttpService(services.notifications()))
                .register("/api/admin/v1/knowledge-gaps", new KnowledgeGapsHttpService(services.gaps(),
                        services.corrections()))
                .register("/api/admin/v1/corrections", new CorrectionsHttpService(services.corrections()))
                .register("/api/admin/v1/dataset", new DatasetHttpService(services.dataset()))
                .register("/api/admin/v1/suites", new SuitesHttpService(services.suites()))
                .register("/api/admin/v1/policies", new PoliciesHttpService(services.policies()))
                .register("/api/admin/v1/analytics", new AnalyticsHttpService(services.analytics(),
                        services.portfolio()))
                .register("/api/admin/v1", new PrivacyHttpService(privacy));
    }
}
