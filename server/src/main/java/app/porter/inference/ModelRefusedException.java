package app.porter.inference;

/**
 * A model folder Porter will not run: incomplete, corrupt, the wrong architecture, or failing its checksum. The
 * message is written for the operator and says what is wrong and, where it can, what to do.
 */
public final class ModelRefusedException extends Exception {

    public ModelRefusedException(String message) {
        super(message);
    }

    public ModelRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
