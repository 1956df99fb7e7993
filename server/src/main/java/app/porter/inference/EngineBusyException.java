package app.porter.inference;

/** Every generation slot and queue place is taken; the caller should try again after {@link #retryAfterSeconds()}. */
public final class EngineBusyException extends Exception {

    private final int retryAfterSeconds;

    public EngineBusyException(int retryAfterSeconds) {
        super("the language model is busy: every place in its queue is taken", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
