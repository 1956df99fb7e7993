package app.porter.flows;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {name}} placeholders in flow texts; an unknown name is left as it is so a typo shows instead of vanishing. */
final class Placeholders {

    private static final Pattern NAME = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9-]*)}");

    private Placeholders() {
    }

    static String fill(String text, Map<String, String> values) {
        Matcher m = NAME.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
