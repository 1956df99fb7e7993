package app.porter.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Tampering as an attacker with the file does it: straight SQL on the data directory's SQLite file. */
final class RawSql {

    private RawSql() {
    }

    static Connection connect(Path dataDir) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("porter.db"));
    }

    static void execute(Path dataDir, String statement) throws Exception {
        try (Connection c = connect(dataDir); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
