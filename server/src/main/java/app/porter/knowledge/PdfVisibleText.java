package app.porter.knowledge;

import java.io.IOException;

import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorN;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorSpace;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceCMYKColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceGrayColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceRGBColor;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.state.PDGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * PDFBox's text stripper, reading only the text a reader of the printed or displayed page can see: glyphs drawn
 * invisibly (rendering mode 3), in white or near-white fill (on the page's usual white background), at 2 pt or
 * less, or outside the page are left out. Such text is invisible to staff who read the document, so it must not be
 * quoted to tenants either. The fill colour is tracked by the colour operators PDFBox's stripper leaves out by
 * default. A coloured background under white text is not looked at: such text is dropped too (rare in the
 * documents a property firm uploads, and erring on the side of not quoting).
 */
final class PdfVisibleText extends PDFTextStripper {

    /** Text at or below this size (points) is unreadable on paper. */
    static final float TINY_PT = 2f;
    /** Each of red, green and blue at or above this (of 255) counts as white on a white page. */
    private static final int NEAR_WHITE = 240;
    /** Off the page by more than this (points): a glyph just past the edge may still be partly visible. */
    private static final float EDGE = 1f;

    PdfVisibleText() {
        addOperator(new SetNonStrokingColorSpace(this));
        addOperator(new SetNonStrokingColor(this));
        addOperator(new SetNonStrokingColorN(this));
        addOperator(new SetNonStrokingDeviceGrayColor(this));
        addOperator(new SetNonStrokingDeviceRGBColor(this));
        addOperator(new SetNonStrokingDeviceCMYKColor(this));
    }

    @Override
    protected void processTextPosition(TextPosition text) {
        if (!hidden(text)) {
            super.processTextPosition(text);
        }
    }

    private boolean hidden(TextPosition text) {
        PDGraphicsState state = getGraphicsState();
        RenderingMode mode = state.getTextState().getRenderingMode();
        if (mode == RenderingMode.NEITHER || mode == RenderingMode.NEITHER_CLIP) {
            return true;
        }
        if (Math.abs(text.getFontSizeInPt()) <= TINY_PT && Math.abs(text.getHeightDir()) <= TINY_PT) {
            return true;
        }
        float x = text.getXDirAdj();
        float y = text.getYDirAdj();
        if (x + text.getWidthDirAdj() < -EDGE || x > text.getPageWidth() + EDGE || y < -EDGE
                || y - text.getHeightDir() > text.getPageHeight() + EDGE) {
            return true;
        }
        return mode.isFill() && nearWhite(state.getNonStrokingColor());
    }

    private static boolean nearWhite(PDColor color) {
        if (color == null) {
            return false;
        }
        try {
            int rgb = color.toRGB();
            return ((rgb >> 16) & 0xff) >= NEAR_WHITE && ((rgb >> 8) & 0xff) >= NEAR_WHITE
                    && (rgb & 0xff) >= NEAR_WHITE;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // a colour PDFBox cannot convert (a pattern): assume it shows
        }
    }
}
