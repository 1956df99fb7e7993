package app.porter.notify;

import java.util.List;

/**
 * One e-mail to staff. Built only from references, option values and links (see {@link Notices}): it leaves the
 * appliance, so nothing the tenant typed may be in it.
 *
 * @param to plain addresses (see {@link Addresses}), at least one
 */
public record Mail(List<String> to, String subject, String body) {
    public Mail {
        to = List.copyOf(to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs a recipient");
        }
        to.forEach(address -> Addresses.require(address, "a recipient"));
        if (subject.contains("\r") || subject.contains("\n")) {
            throw new IllegalArgumentException("a subject is one line");
        }
    }
}
