package app.porter.analytics;

import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** A {@link Report} as the admin API sends it. */
public final class ReportJson {

    private ReportJson() {
    }

    public static JsonObject json(Report report) {
        ReportQuery q = report.query();
        JsonArrayBuilder series = Json.createArrayBuilder();
        report.series().forEach(s -> series.add(stats(s)));
        JsonArrayBuilder tables = Json.createArrayBuilder();
        report.tables().forEach(t -> tables.add(t.id()));
        return Json.createObjectBuilder()
                .add("propertyId", q.propertyId() == null ? JsonValue.NULL : Json.createValue(q.propertyId()))
                .add("from", q.from().toString())
                .add("to", q.to().toString())
                .add("bucket", q.bucket().id())
                .add("series", series)
                .add("totals", stats(report.totals()))
                .add("tables", tables)
                .build();
    }

    private static JsonObjectBuilder stats(BucketStats s) {
        return Json.createObjectBuilder()
                .add("start", s.start().toString())
                .add("conversations", s.conversations())
                .add("messages", s.messages())
                .add("answered", Json.createObjectBuilder()
                        .add("knowledgeBase", s.answeredFromKnowledge())
                        .add("dontKnow", s.dontKnow()))
                .add("ticketsCreated", s.tickets())
                .add("escalations", s.escalations())
                .add("firstReplyMs", percentiles(s.firstReplyMs()))
                .add("emergencies", s.emergencies())
                .add("csat", Json.createObjectBuilder()
                        .add("average", number(s.csatAverage()))
                        .add("responses", s.csatResponses()))
                .add("thumbs", Json.createObjectBuilder()
                        .add("up", s.thumbsUp())
                        .add("down", s.thumbsDown())
                        .add("upRatio", number(s.thumbsUpRatio())))
                .add("languages", counts(s.languages()))
                .add("answerModes", counts(s.answerModes()))
                .add("latencyMs", percentiles(s.latencyMs()));
    }

    private static JsonObjectBuilder percentiles(Percentiles p) {
        return Json.createObjectBuilder()
                .add("p50", p.p50() == null ? JsonValue.NULL : Json.createValue(p.p50()))
                .add("p95", p.p95() == null ? JsonValue.NULL : Json.createValue(p.p95()))
                .add("count", p.count());
    }

    private static JsonObjectBuilder counts(Map<String, Long> counts) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        counts.forEach(json::add);
        return json;
    }

    private static JsonValue number(Double value) {
        return value == null ? JsonValue.NULL : Json.createValue(value);
    }
}
