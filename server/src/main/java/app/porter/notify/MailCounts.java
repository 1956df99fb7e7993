package app.porter.notify;

/**
 * What the outbox did since start: for the console, so a relay that refuses mail is seen before an emergency.
 *
 * @param failed given up after the last retry
 * @param dropped refused because the queue was full
 * @param waiting queued or waiting for a retry now
 */
public record MailCounts(long sent, long failed, long dropped, int waiting) {
}
