package app.porter.analytics;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One table behind a chart: a row per bucket, a number (or nothing) per column. The console draws {@link #plotted()}
 * columns in the given {@link Style}; the CSV download has them all.
 *
 * @param id the table's name in URLs ({@code volume} → {@code /api/admin/v1/analytics/volume.csv})
 * @param unit what the plotted numbers count or measure, for the chart's axis
 */
public record ReportTable(String id, String title, String unit, Style style, List<String> columns,
                          List<String> plotted, List<Row> rows) {

    /** How a chart shows the plotted columns. */
    public enum Style {
        /** Lines, for rates and timings (an empty bucket is a gap). */
        LINE,
        /** Bars side by side, for counts compared. */
        BARS,
        /** Bars stacked, for the parts of a whole. */
        STACKED
    }

    /** One bucket: its first day and a value per column (null where there is none, e.g. no timing that day). */
    public record Row(LocalDate start, List<Number> values) {
        public Row {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    public ReportTable {
        columns = List.copyOf(columns);
        plotted = List.copyOf(plotted);
        rows = List.copyOf(rows);
        if (!columns.containsAll(plotted)) {
            throw new IllegalArgumentException("plotted columns must be columns");
        }
    }

    /** The values of {@code column}, a bucket each. */
    public List<Number> column(String column) {
        int index = columns.indexOf(column);
        return rows.stream().map(r -> r.values().get(index)).toList();
    }

    /** RFC 4180, the bucket's first day first; empty cells where there is no value. */
    public String csv() {
        List<String> header = new ArrayList<>();
        header.add("bucket_start");
        header.addAll(columns);
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get()
                .print(out)) {
            for (Row row : rows) {
                List<Object> cells = new ArrayList<>();
                cells.add(row.start().toString());
                row.values().forEach(v -> cells.add(v == null ? "" : format(v)));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String format(Number value) {
        return value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.3f", d) : value.toString();
    }
}
