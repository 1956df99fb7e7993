package app.porter.knowledge;

import app.porter.errors.Unprocessable;

/**
 * An uploaded file whose content Porter cannot use (encrypted, damaged, a zip bomb, no text), with a reason written
 * for the person who uploaded it. Nothing of a rejected file is kept, and nothing else in the knowledge base
 * changes. A file that is too large or of a type Porter does not read is refused before its content is looked at
 * ({@link app.porter.errors.TooLarge}, {@link app.porter.errors.UnsupportedType}).
 */
public final class DocumentRejected extends Unprocessable {

    public DocumentRejected(String message) {
        super("unreadable_document", message);
    }

    static DocumentRejected unreadable(String message) {
        return new DocumentRejected(message);
    }
}
