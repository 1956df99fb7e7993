package app.porter.console.vaadin;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import app.porter.analytics.Bucket;
import app.porter.analytics.ReportTable;

/**
 * A report table as a chart, drawn on the server by JFreeChart into JFreeSVG's SVG Graphics2D: the browser gets
 * plain SVG markup, so the console needs no chart script, no npm and no commercial Vaadin Charts. The table's
 * buckets are the categories, its plotted columns the series; an empty value is a gap in a line.
 */
final class ChartSvg {

    /** Colour-blind-safe (Okabe-Ito), in series order. */
    private static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xE69F00),
            new Color(0x009E73), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00),
            new Color(0xF0E442), new Color(0x000000));
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Buckets beyond which the axis is not labelled bucket by bucket (two months of days fit, rotated). */
    private static final int MAX_LABELS = 62;

    private ChartSvg() {
    }

    /** The SVG element of {@code table}'s chart, {@code width} by {@code height} pixels (it scales to its box). */
    static String render(ReportTable table, Bucket bucket, int width, int height) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ReportTable.Row row : table.rows()) {
            String category = DAY.format(row.start());
            for (String column : table.plotted()) {
                Number value = row.values().get(table.columns().indexOf(column));
                data.addValue(value, column.replace('_', ' '), category);
            }
        }
        JFreeChart chart = switch (table.style()) {
            case LINE -> ChartFactory.createLineChart(null, null, table.unit(), data, PlotOrientation.VERTICAL,
                    true, false, false);
            case BARS -> ChartFactory.createBarChart(null, null, table.unit(), data, PlotOrientation.VERTICAL,
                    true, false, false);
            case STACKED -> ChartFactory.createStackedBarChart(null, null, table.unit(), data,
                    PlotOrientation.VERTICAL, true, false, false);
        };
        style(chart, table.rows().size());
        if (bucket == Bucket.WEEK) {
            chart.getCategoryPlot().getDomainAxis().setLabel("weeks, by their Monday");
            chart.getCategoryPlot().getDomainAxis().setLabelFont(TEXT);
        }
        if (table.rows().size() > MAX_LABELS) {
            // A label per bucket would overlap: name the range instead.
            CategoryAxis axis = chart.getCategoryPlot().getDomainAxis();
            axis.setTickLabelsVisible(false);
            axis.setLabel(DAY.format(table.rows().getFirst().start()) + " to "
                    + DAY.format(table.rows().getLast().start()));
            axis.setLabelFont(TEXT);
        }
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        // Ids of clip paths and gradients must not clash with another chart's on the same page.
        svg.setDefsKeyPrefix("chart-" + table.id() + "-");
        chart.draw(svg, new Rectangle(0, 0, width, height));
        // No fixed size: the view box lets the chart scale to the width of its card.
        return svg.getSVGElement("chart-svg-" + table.id(), false, new ViewBox(0, 0, width, height), null, null);
    }

    private static void style(JFreeChart chart, int buckets) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(TEXT);
        chart.getLegend().setFrame(BlockBorder.NONE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.getRangeAxis().setLabelFont(TEXT);
        plot.getRangeAxis().setTickLabelFont(TEXT);
        CategoryAxis axis = plot.getDomainAxis();
        axis.setTickLabelFont(TEXT);
        if (buckets > 10) {
            axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        CategoryItemRenderer renderer = plot.getRenderer();
        for (int i = 0; i < plot.getDataset().getRowCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        if (renderer instanceof BarRenderer bars) {
            // Bars count things: no tick at 0.5 of a conversation.
            ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            bars.setBarPainter(new StandardBarPainter());
            bars.setShadowVisible(false);
            bars.setDrawBarOutline(false);
        } else if (renderer instanceof LineAndShapeRenderer lines) {
            lines.setDefaultShapesVisible(true);
        }
    }
}
