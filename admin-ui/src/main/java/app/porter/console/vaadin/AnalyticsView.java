package app.porter.console.vaadin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import app.porter.access.Actor;
import app.porter.access.AdminPrincipal;
import app.porter.access.Role;
import app.porter.analytics.Analytics;
import app.porter.analytics.Bucket;
import app.porter.analytics.BucketStats;
import app.porter.analytics.Report;
import app.porter.analytics.ReportQuery;
import app.porter.analytics.ReportTable;
import app.porter.portfolio.Property;

/**
 * How Porter is doing, per property or for the whole portfolio, by day or week: conversations, answers from the
 * knowledge base vs "don't know", tickets, escalations and time to first staff reply, emergencies, satisfaction,
 * languages, answer modes and reply latency. Each chart is SVG drawn on the server ({@link ChartSvg}) from a table
 * of the report, and that table downloads as CSV. The numbers hold no tenant text, so nothing here is audited.
 */
@Route(value = "analytics", layout = ConsoleLayout.class)
@PageTitle("Analytics · Porter")
public final class AnalyticsView extends VerticalLayout {

    static final int CHART_WIDTH = 560;
    static final int CHART_HEIGHT = 280;

    private final Analytics analytics;
    private final Select<String> property = new Select<>();
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To (inclusive)");
    private final RadioButtonGroup<Bucket> bucket = new RadioButtonGroup<>("Points");
    private final Paragraph summary = new Paragraph();
    private final Div charts = new Div();

    public AnalyticsView() {
        AdminPrincipal principal = ConsoleSession.principal().orElse(null);
        if (principal == null) {
            analytics = null;
            return; // the layout sends the visitor to sign in
        }
        analytics = ConsoleServices.current().analytics();
        H2 title = new H2("Analytics");
        title.getStyle().set("margin", "0");
        add(title);
        if (principal.role() == Role.AUDITOR) {
            add(new Paragraph("Analytics are for the admin and agent roles."));
            return;
        }

        List<String> properties = new ArrayList<>(List.of(""));
        List<Property> known = ConsoleServices.current().portfolio().list();
        known.forEach(p -> properties.add(p.id()));
        property.setLabel("Property");
        property.setItems(properties);
        property.setItemLabelGenerator(id -> id.isEmpty() ? "Whole portfolio" : known.stream()
                .filter(p -> p.id().equals(id)).map(Property::name).findFirst().orElse(id));
        property.setValue("");
        property.setId("analytics-property");
        LocalDate today = analytics.today();
        to.setValue(today);
        from.setValue(today.minusDays(ReportQuery.DEFAULT_DAYS - 1));
        from.setId("analytics-from");
        to.setId("analytics-to");
        bucket.setItems(Bucket.values());
        bucket.setItemLabelGenerator(b -> b == Bucket.DAY ? "Days" : "Weeks");
        bucket.setValue(Bucket.DAY);
        bucket.setId("analytics-bucket");
        property.addValueChangeListener(e -> refresh());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        bucket.addValueChangeListener(e -> refresh());

        HorizontalLayout filters = new HorizontalLayout(property, from, to, bucket);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.getStyle().set("flex-wrap", "wrap");
        summary.setId("analytics-summary");
        charts.setId("analytics-charts");
        charts.setWidthFull();
        charts.getStyle().set("display", "grid").set("gap", "var(--lumo-space-m)")
                .set("grid-template-columns", "repeat(auto-fill, minmax(440px, 1fr))");
        add(filters, summary, charts);
        setWidthFull();
        refresh();
    }

    private void refresh() {
        if (from.getValue() == null || to.getValue() == null || bucket.getValue() == null) {
            return;
        }
        charts.removeAll();
        summary.setText("");
        ConsoleRoles.attempt(actor -> {
            ReportQuery query = new ReportQuery(property.getValue().isEmpty() ? null : property.getValue(),
                    from.getValue(), to.getValue(), bucket.getValue());
            Report report = analytics.report(actor, query);
            summary.setText(summary(report.totals()));
            report.tables().forEach(table -> charts.add(card(table, query, actor)));
            return report;
        });
    }

    /** One chart with its title and the CSV of its table. */
    private Div card(ReportTable table, ReportQuery query, Actor actor) {
        Div card = new Div();
        card.setId("chart-" + table.id());
        card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "8px")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("min-width", "0");
        H3 heading = new H3(table.title());
        heading.getStyle().set("margin", "0 0 var(--lumo-space-xs) 0").set("font-size", "var(--lumo-font-size-m)");
        // Wrapped in a div: the browser parses the markup as HTML, so the svg lands in the SVG namespace.
        Html chart = new Html("<div class=\"chart\" style=\"width:100%\">"
                + ChartSvg.render(table, query.bucket(), CHART_WIDTH, CHART_HEIGHT) + "</div>");
        // The download runs outside the UI's request: the actor and query are taken now.
        Anchor csv = new Anchor(DownloadHandler.fromInputStream(event -> {
            byte[] bytes = analytics.report(actor, query).table(table.id()).orElseThrow().csv()
                    .getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), table.id() + ".csv", "text/csv",
                    bytes.length);
        }), "Download CSV");
        csv.setId("csv-" + table.id());
        card.add(heading, chart, csv);
        return card;
    }

    private static String summary(BucketStats t) {
        long answers = t.answeredFromKnowledge() + t.dontKnow();
        StringBuilder text = new StringBuilder()
                .append(count(t.conversations(), "conversation", "conversations")).append(", ")
                .append(count(t.messages(), "message", "messages")).append("; ")
                .append(answers == 0 ? "no knowledge-base questions" : percent(t.answeredFromKnowledge(), answers)
                        + " of knowledge-base questions answered")
                .append("; ").append(count(t.tickets(), "ticket", "tickets")).append(", ")
                .append(count(t.escalations(), "escalation", "escalations"));
        if (t.firstReplyMs().p50() != null) {
            text.append(" (first staff reply: median ").append(minutes(t.firstReplyMs().p50())).append(")");
        }
        text.append(", ").append(count(t.emergencies(), "emergency", "emergencies"));
        if (t.csatAverage() != null) {
            text.append("; CSAT ").append(String.format(Locale.ROOT, "%.1f", t.csatAverage()))
                    .append(" from ").append(t.csatResponses());
        }
        if (t.thumbsUpRatio() != null) {
            text.append("; ").append(percent(t.thumbsUp(), t.thumbsUp() + t.thumbsDown())).append(" thumbs up");
        }
        return text.append('.').toString();
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String percent(long part, long whole) {
        return Math.round(100.0 * part / whole) + "%";
    }

    private static String minutes(long ms) {
        return ms < 60_000 ? Math.round(ms / 1000.0) + " s" : Math.round(ms / 60_000.0) + " min";
    }
}
