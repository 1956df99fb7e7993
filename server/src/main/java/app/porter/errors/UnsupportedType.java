package app.porter.errors;

/** The content is of a type Porter does not take: answered 415. */
public class UnsupportedType extends DomainException {

    public UnsupportedType(String message) {
        super("unsupported_media_type", message);
    }
}
