package app.porter.console.vaadin;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGIDGenerator;
import org.apache.batik.svggen.SVGSyntax;
import org.apache.batik.util.SVGConstants;

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
import org.jfree.chart.text.TextUtils;
import org.jfree.data.category.DefaultCategoryDataset;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import app.porter.analytics.Bucket;
import app.porter.analytics.ReportTable;

/**
 * A report table as a chart, drawn on the server by JFreeChart into Apache Batik's SVG Graphics2D (Apache-2.0;
 * JFreeSVG, used before, is GPL-3.0): the browser gets plain SVG markup, so the console needs no chart script, no
 * npm and no commercial Vaadin Charts. Text stays text (searchable, crisp, read by screen readers). The table's
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

    static {
        // JFreeChart draws rotated labels through TextLayout by default (a workaround for JDK 1.4 bugs), which an
        // SVG Graphics2D can only receive as glyph outlines; plain drawString keeps them text. Only ChartSvg uses
        // JFreeChart in this process, so the library-wide switch is ours to set.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

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
        return svg(chart, "chart-" + table.id() + "-", "chart-svg-" + table.id(), width, height);
    }

    /**
     * A line chart of {@code data} (a line per row key, a point per column key) from 0 to {@code top}, styled as
     * the analytics charts are; the Acceptance suites view draws pass rates with it.
     */
    static String lines(String id, String unit, DefaultCategoryDataset data, double top, int width, int height) {
        JFreeChart chart = ChartFactory.createLineChart(null, null, unit, data, PlotOrientation.VERTICAL, true,
                false, false);
        style(chart, data.getColumnCount());
        chart.getCategoryPlot().getRangeAxis().setRange(0, top);
        return svg(chart, "chart-" + id + "-", "chart-svg-" + id, width, height);
    }

    /** {@code chart} as one {@code <svg>} element, without XML prolog or doctype, to sit inside the page's HTML. */
    private static String svg(JFreeChart chart, String defsPrefix, String id, int width, int height) {
        Document document;
        try {
            // The JDK's DOM is enough for the generator; nothing here loads a DTD or any other resource.
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument(SVGConstants.SVG_NAMESPACE_URI, SVGConstants.SVG_SVG_TAG, null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM in this JDK", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
        context.setComment(null);
        context.setEmbeddedFontsOn(false);
        // Ids of clip paths and gradients must not clash with another chart's on the same page.
        context.setIDGenerator(new SVGIDGenerator() {
            @Override
            public String generateID(String kind) {
                return super.generateID(defsPrefix + kind);
            }
        });
        SVGGraphics2D svg = new SVGGraphics2D(context, false);
        svg.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(svg, new Rectangle(0, 0, width, height));
        Element root = svg.getRoot();
        // No fixed size: the view box lets the chart scale to the width of its card.
        root.removeAttribute(SVGConstants.SVG_WIDTH_ATTRIBUTE);
        root.removeAttribute(SVGConstants.SVG_HEIGHT_ATTRIBUTE);
        root.setAttribute(SVGConstants.SVG_VIEW_BOX_ATTRIBUTE, "0 0 " + width + " " + height);
        root.setAttribute(SVGConstants.SVG_ID_ATTRIBUTE, id);
        // Batik names its container of shared definitions with a fixed id, bypassing the generator: make it ours.
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element
                    && SVGSyntax.ID_PREFIX_GENERIC_DEFS.equals(element.getAttribute(SVGConstants.SVG_ID_ATTRIBUTE))) {
                element.setAttribute(SVGConstants.SVG_ID_ATTRIBUTE, defsPrefix + SVGSyntax.ID_PREFIX_GENERIC_DEFS);
            }
        }
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, XMLConstants.XMLNS_ATTRIBUTE,
                SVGConstants.SVG_NAMESPACE_URI);
        StringWriter out = new StringWriter();
        try {
            // The root element alone, not the document (Batik's own stream() writes an XML prolog).
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer writer = factory.newTransformer();
            writer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            writer.transform(new DOMSource(root), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IllegalStateException("chart " + id + " could not be written as SVG", e);
        }
        return out.toString();
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
