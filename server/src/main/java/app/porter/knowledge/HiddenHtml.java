package app.porter.knowledge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

/**
 * Removes what a browser would not show a reader of an HTML page (or of the raw HTML in a Markdown file): elements
 * marked {@code hidden} or {@code aria-hidden}, and elements styled away, inline or by a simple rule of the page's
 * own {@code <style>} ({@code display:none}, {@code visibility:hidden}, zero size or opacity, text pushed off
 * screen). Such text is invisible to staff who read the document, so it must not be quoted to tenants either: it
 * is where a planted "send your bank login to ..." hides. Comments are never text in jsoup's tree.
 */
final class HiddenHtml {

    /** A CSS declaration block that hides its element. */
    private static final Pattern HIDING = Pattern.compile(
            "display\\s*:\\s*none|visibility\\s*:\\s*(?:hidden|collapse)"
                    + "|(?:^|[;\\s])(?:font-size|max-height|max-width|opacity)\\s*:\\s*0*(?:\\.0*)?(?:px|pt|em|rem|%)?"
                    + "\\s*(?:!important\\s*)?(?:;|$)"
                    + "|(?:^|[;\\s])(?:width|height)\\s*:\\s*0*(?:\\.0*)?(?:px|pt|em|rem|%)?\\s*(?:!important\\s*)?(?:;|$)"
                    + "|(?:text-indent|left|top|margin-left)\\s*:\\s*-\\d{3,}"
                    + "|clip\\s*:\\s*rect\\(\\s*0",
            Pattern.CASE_INSENSITIVE);
    /** One rule of a style sheet: its selectors and its declarations (no nesting, no at-rules). */
    private static final Pattern RULE = Pattern.compile("([^{}@]+)\\{([^{}]*)}");

    private HiddenHtml() {
    }

    /** Removes every hidden element under {@code root}, in place. */
    static void remove(Element root) {
        // Rules of the page's own style sheets that hide whatever they select.
        for (Element style : root.ownerDocument() == null ? root.select("style")
                : root.ownerDocument().select("style")) {
            Matcher rule = RULE.matcher(style.data());
            while (rule.find()) {
                if (!hides(rule.group(2))) {
                    continue;
                }
                for (String selector : rule.group(1).split(",")) {
                    try {
                        root.select(selector.strip()).remove();
                    } catch (Selector.SelectorParseException e) {
                        // A selector jsoup does not know (a pseudo-element): it selects nothing we could remove.
                    }
                }
            }
        }
        root.select("[hidden], [aria-hidden=true], input[type=hidden]").remove();
        for (Element styled : root.select("[style]")) {
            if (hides(styled.attr("style"))) {
                styled.remove();
            }
        }
    }

    static boolean hides(String declarations) {
        return HIDING.matcher(declarations).find();
    }
}
