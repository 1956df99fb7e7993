package app.porter.notify;

import java.util.regex.Pattern;

/**
 * E-mail addresses Porter accepts for notifications: one plain {@code local@domain}, nothing else. Stricter than
 * RFC 5322 on purpose: no display names, comments, quotes, spaces or line breaks, so an address can never add a
 * header or a second recipient to a message.
 */
final class Addresses {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}");

    private Addresses() {
    }

    static boolean valid(String address) {
        return address != null && PLAIN.matcher(address).matches() && !address.startsWith(".")
                && !address.contains("..") && !address.endsWith(".");
    }

    /** @throws IllegalArgumentException naming {@code what} when {@code address} is not a plain address */
    static String require(String address, String what) {
        if (!valid(address)) {
            throw new IllegalArgumentException(what + " must be one plain e-mail address such as oncall@firm.example");
        }
        return address;
    }
}
