package app.porter.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import app.porter.analytics.Analytics;
import app.porter.analytics.Report;
import app.porter.analytics.ReportJson;
import app.porter.analytics.ReportQuery;
import app.porter.analytics.ReportTable;
import app.porter.errors.NotFound;
import app.porter.http.JsonResponses;
import app.porter.portfolio.Portfolio;

/**
 * The numbers behind the console's charts, {@code /api/admin/v1/analytics}, for the admin and agent roles: per
 * property or for the whole portfolio, by day or week. They hold no tenant text and no personal data, so reading
 * them is not audited.
 *
 * <pre>
 * curl -s 'localhost:8082/api/admin/v1/analytics?propertyId=maple-court&amp;from=2026-11-01&amp;to=2026-11-30&amp;bucket=week' \
 *      -H "Authorization: Bearer $ADMIN_TOKEN"
 * curl -s 'localhost:8082/api/admin/v1/analytics/latency.csv?from=2026-11-01' -H "Authorization: Bearer $ADMIN_TOKEN"
 * </pre>
 */
public final class AnalyticsHttpService implements HttpService {

    private final Analytics analytics;
    private final Portfolio portfolio;

    public AnalyticsHttpService(Analytics analytics, Portfolio portfolio) {
        this.analytics = analytics;
        this.portfolio = portfolio;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::report)
                .get("/{table}.csv", this::csv);
    }

    private void report(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, ReportJson.json(read(req)));
    }

    private void csv(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("table");
        Report report = read(req);
        ReportTable table = report.table(name).orElseThrow(() -> new NotFound("no such analytics table; known: "
                + String.join(", ", report.tables().stream().map(ReportTable::id).toList())));
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + table.id() + ".csv\"");
        res.send(table.csv());
    }

    private Report read(ServerRequest req) {
        var params = req.query();
        ReportQuery query = ReportQuery.parse(params.first("propertyId").orElse(null),
                params.first("from").orElse(null), params.first("to").orElse(null),
                params.first("bucket").orElse(null), analytics.today());
        if (query.propertyId() != null && portfolio.find(query.propertyId()).isEmpty()) {
            throw new NotFound("no such property");
        }
        return analytics.report(AdminAuth.actor(req), query);
    }
}
