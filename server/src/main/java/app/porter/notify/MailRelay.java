package app.porter.notify;

/** Hands a mail to a relay. Blocking; {@link Outbox} calls it off the request threads and retries on failure. */
@FunctionalInterface
public interface MailRelay {

    /** @throws Exception when the relay could not take the mail (it is retried) */
    void send(Mail mail) throws Exception;
}
