package app.porter.tickets;

/** Opens {@link TicketCsv#cell} to tests in other packages. */
public final class TicketCsvAccess {
    private TicketCsvAccess() {
    }

    public static String cell(String value) {
        return TicketCsv.cell(value);
    }
}
