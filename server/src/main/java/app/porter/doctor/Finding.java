package app.porter.doctor;

/**
 * One line of {@code porter doctor}'s report.
 *
 * @param check what was checked ("data directory", "audit log" ...)
 * @param status how it went
 * @param detail what was found and, when something is wrong, what to do about it
 */
public record Finding(String check, Status status, String detail) {

    /** OK needs nothing; WARN deserves a look but Porter works; FAIL needs the operator before Porter is sound. */
    public enum Status { OK, WARN, FAIL }

    static Finding ok(String check, String detail) {
        return new Finding(check, Status.OK, detail);
    }

    static Finding warn(String check, String detail) {
        return new Finding(check, Status.WARN, detail);
    }

    static Finding fail(String check, String detail) {
        return new Finding(check, Status.FAIL, detail);
    }
}
