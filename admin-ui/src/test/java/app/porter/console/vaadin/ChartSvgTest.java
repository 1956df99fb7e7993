package app.porter.console.vaadin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.porter.analytics.Bucket;
import app.porter.analytics.ReportTable;

/**
 * Charts as SVG without a browser: the plotted series only, empty buckets tolerated, long ranges labelled by their
 * ends, one bare {@code <svg>} element that scales and whose definition ids are its own.
 */
class ChartSvgTest {

    private static ReportTable table(int days, ReportTable.Style style) {
        List<ReportTable.Row> rows = new ArrayList<>();
        LocalDate first = LocalDate.of(2026, 9, 1);
        for (int i = 0; i < days; i++) {
            // Every third bucket has no timing: a gap, not a zero.
            rows.add(new ReportTable.Row(first.plusDays(i), Arrays.asList(i % 3 == 0 ? null : (Number) (i * 10L),
                    i % 3 == 0 ? null : (Number) (i * 20L), (Number) (long) i)));
        }
        return new ReportTable("latency", "Reply latency", "ms", style, List.of("p50_ms", "p95_ms", "answers"),
                List.of("p50_ms", "p95_ms"), rows);
    }

    @Test
    void aMonthIsLabelledByDayAndAQuarterByItsEnds() {
        String month = ChartSvg.render(table(30, ReportTable.Style.LINE), Bucket.DAY, 560, 280);
        String root = month.substring(0, month.indexOf('>'));
        assertTrue(root.startsWith("<svg") && root.contains("id=\"chart-svg-latency\""), root);
        assertTrue(root.contains("viewBox=\"0 0 560 280\"") && !root.contains(" width=") && !root.contains(" height="),
                "scales to its card: " + root);
        assertFalse(month.contains("<?xml") || month.contains("<!DOCTYPE"), "sits inside the page's HTML");
        assertTrue(month.contains("id=\"chart-latency-clipPath"), "clip paths are named after their chart");
        assertFalse(month.replace("id=\"chart-latency-", "").replace("id=\"chart-svg-latency\"", "").contains(" id=\""),
                "every id belongs to this chart");
        assertTrue(month.contains(">Sep 15</text>"), "rotated day labels stay text");
        assertTrue(month.contains("p95 ms"), "the legend names the series");
        assertFalse(month.contains("answers"), "only the plotted columns are drawn");

        String quarter = ChartSvg.render(table(90, ReportTable.Style.STACKED), Bucket.DAY, 560, 280);
        assertTrue(quarter.contains("Sep 1 to Nov 29"), "the range names its ends");
        assertFalse(month.contains(" to Sep 30"), "a month is labelled day by day");
    }
}
