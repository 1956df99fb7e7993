package app.porter.knowledge;

import java.util.regex.Pattern;

/**
 * What of a tenant's question retrieval should read. Phone numbers and e-mail addresses say who the tenant is, not
 * what they ask, yet their digits and words match the office's own numbers and addresses in the documents ("call
 * me on 217-555-0100" found the handbook's contact details, whatever was asked), so both are left out of the
 * keyword and the vector query (the message analysis embeds a tenant's message without them too).
 */
public final class QueryText {

    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    /** Seven digits or more, with the usual separators: a phone number, not a price, a year or an apartment. */
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d\\s().-]{5,}\\d");

    private QueryText() {
    }

    public static String withoutContacts(String text) {
        String without = EMAIL.matcher(text).replaceAll(" ");
        without = PHONE.matcher(without).replaceAll(match -> match.group().replaceAll("\\D", "").length() >= 7
                ? " " : match.group().replace("\\", "\\\\").replace("$", "\\$"));
        return without.replaceAll("\\s{2,}", " ").strip();
    }
}
