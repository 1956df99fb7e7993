package app.porter.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import app.porter.analytics.ReportTable.Style;
import app.porter.language.Language;

/**
 * The numbers behind the console's charts for one {@link ReportQuery}: a {@link BucketStats} per bucket and the
 * totals, and the same numbers as the tables the charts are drawn from (and downloaded as CSV).
 */
public record Report(ReportQuery query, List<BucketStats> series, BucketStats totals) {

    public Report {
        series = List.copyOf(series);
    }

    /** Every table behind a chart, in the order the console shows them. */
    public List<ReportTable> tables() {
        List<String> languages = Language.tags();
        List<String> modes = Arrays.stream(AnswerKind.values()).map(AnswerKind::id).toList();
        return List.of(
                table("volume", "Conversations and messages", "count", Style.BARS,
                        List.of("conversations", "messages"), null,
                        s -> List.of(s.conversations(), s.messages())),
                table("answers", "Answered from the knowledge base vs \"don't know\"", "answers", Style.STACKED,
                        List.of("knowledge_base", "dont_know"), null,
                        s -> List.of(s.answeredFromKnowledge(), s.dontKnow())),
                table("office", "Tickets, escalations and emergencies", "count", Style.BARS,
                        List.of("tickets", "escalations", "emergencies"), null,
                        s -> List.of(s.tickets(), s.escalations(), s.emergencies())),
                table("first-reply", "Time to first staff reply", "minutes", Style.LINE,
                        List.of("p50_minutes", "p95_minutes", "replies"), List.of("p50_minutes", "p95_minutes"),
                        s -> listOf(minutes(s.firstReplyMs().p50()), minutes(s.firstReplyMs().p95()),
                                s.firstReplyMs().count())),
                table("csat", "Satisfaction (CSAT, 1-5)", "score", Style.LINE,
                        List.of("average", "responses"), List.of("average"),
                        s -> listOf(s.csatAverage(), s.csatResponses())),
                table("thumbs", "Thumbs up and down", "ratings", Style.STACKED,
                        List.of("up", "down", "up_ratio"), List.of("up", "down"),
                        s -> listOf(s.thumbsUp(), s.thumbsDown(), s.thumbsUpRatio())),
                table("languages", "Tenant messages by language", "messages", Style.STACKED, languages, null,
                        s -> languages.stream().<Number>map(s.languages()::get).toList()),
                table("answer-modes", "How messages were answered", "answers", Style.STACKED, modes, null,
                        s -> modes.stream().<Number>map(s.answerModes()::get).toList()),
                table("latency", "Reply latency", "ms", Style.LINE, List.of("p50_ms", "p95_ms", "answers"),
                        List.of("p50_ms", "p95_ms"),
                        s -> listOf(s.latencyMs().p50(), s.latencyMs().p95(), s.latencyMs().count())));
    }

    /** The table named {@code id}, if there is one. */
    public Optional<ReportTable> table(String id) {
        return tables().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private ReportTable table(String id, String title, String unit, Style style, List<String> columns,
                              List<String> plotted, Function<BucketStats, List<? extends Number>> values) {
        List<ReportTable.Row> rows = new ArrayList<>(series.size());
        for (BucketStats s : series) {
            rows.add(new ReportTable.Row(s.start(), new ArrayList<>(values.apply(s))));
        }
        return new ReportTable(id, title, unit, style, columns, plotted == null ? columns : plotted, rows);
    }

    /** A list that may hold nulls (List.of may not): an empty bucket has no average or percentile. */
    private static List<Number> listOf(Number... values) {
        return Arrays.asList(values);
    }

    private static Double minutes(Long ms) {
        return ms == null ? null : ms / 60_000.0;
    }
}
