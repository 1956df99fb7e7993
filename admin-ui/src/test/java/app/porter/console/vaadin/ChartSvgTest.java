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
 * ends (rotated day labels are drawn as outlines, so they are not searched for as text).
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
        assertTrue(month.startsWith("<svg") && month.contains("id='chart-svg-latency'"), month.substring(0, 200));
        assertTrue(month.contains("p95 ms"), "the legend names the series");
        assertFalse(month.contains("answers"), "only the plotted columns are drawn");

        String quarter = ChartSvg.render(table(90, ReportTable.Style.STACKED), Bucket.DAY, 560, 280);
        assertTrue(quarter.contains("Sep 1 to Nov 29"), "the range names its ends");
        assertFalse(month.contains(" to Sep 30"), "a month is labelled day by day");
    }
}
