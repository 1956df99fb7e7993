package app.porter.errors;

/** The request or a value in it is over a size limit: answered 413. */
public class TooLarge extends DomainException {

    public TooLarge(String message) {
        super("payload_too_large", message);
    }
}
