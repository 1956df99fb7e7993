package app.porter.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The appliance's SQLite file. One connection, serialised by a lock: SQLite allows one writer at a time anyway,
 * and at a property office's volume a single connection is far from the bottleneck (WAL autocommit ~24k
 * inserts/s measured here).
 *
 * <p>Pragmas, and why: WAL so readers never block the writer; synchronous=NORMAL is durable across a process
 * crash in WAL mode; secure_delete so freed pages are zeroed rather than keeping old ciphertext; temp_store=MEMORY
 * so sorts and temporary tables never spill to a temp file; auto_vacuum=INCREMENTAL so a purge can hand freed pages
 * back to the file system ({@link #reclaimFreePages()}) instead of leaving them in the file.
 */
public final class Database implements AutoCloseable {

    /** Work done on the single connection; may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: whether the connection is in a transaction, and what waits for its commit. */
    private boolean inTransaction;
    private final List<Runnable> afterCommit = new ArrayList<>();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) {@code porter.db} inside {@code dataDir}. */
    public static Database open(Path dataDir) throws IOException, SQLException {
        FileModes.createDirectories(dataDir);
        Path file = dataDir.resolve("porter.db");
        // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
        FileModes.createFile(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA secure_delete = ON");
            int autoVacuum;
            try (var row = statement.executeQuery("PRAGMA auto_vacuum")) {
                autoVacuum = row.next() ? row.getInt(1) : 0;
            }
            if (autoVacuum != 2) {
                // Takes effect for a new file at once; an existing file needs one VACUUM to switch (once only).
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
                statement.execute("VACUUM");
            }
        }
        return new Database(file, connection);
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} alone on the connection (autocommit). */
    public <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it lands or none of it does. Called inside another transaction
     * (on the same thread), it joins that one, so features that each write in a transaction of their own can be
     * combined into one (a tenant's message, its flow state, an escalation and a ticket land together).
     */
    public <T> T transaction(Work<T> work) {
        T result;
        List<Runnable> committed;
        lock.lock();
        try {
            if (inTransaction) {
                return work.apply(connection);
            }
            connection.setAutoCommit(false);
            inTransaction = true;
            try {
                result = work.apply(connection);
                connection.commit();
                committed = List.copyOf(afterCommit);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                inTransaction = false;
                afterCommit.clear();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            lock.unlock();
        }
        committed.forEach(Runnable::run);
        return result;
    }

    /**
     * Runs {@code action} once the current transaction has committed (at once outside a transaction): for news
     * sent beyond the database (listeners, webhooks), which must not announce what a rollback then undoes.
     */
    public void afterCommit(Runnable action) {
        lock.lock();
        try {
            if (inTransaction) {
                afterCommit.add(action);
                return;
            }
        } finally {
            lock.unlock();
        }
        action.run();
    }

    /**
     * Returns the free pages to the file system (incremental vacuum) and checkpoints the WAL into the main file,
     * truncating it to zero bytes: after a purge, no copy of a freed page is left in either file. Freed pages were
     * already zeroed by secure_delete; this also shrinks the files.
     */
    public void reclaimFreePages() {
        read(connection -> {
            // The pragma frees one page per step and yields a column-less row each time: JDBC's execute() steps
            // only once, so it runs through sqlite3_exec, which steps to the end.
            connection.unwrap(SQLiteConnection.class).getDatabase()._exec("PRAGMA incremental_vacuum");
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
    }

    /**
     * Writes a consistent snapshot of the database to {@code target} with SQLite's online backup API. The lock is
     * held meanwhile, so no write lands half in the snapshot (at an office's data sizes this takes well under a
     * second).
     */
    public void backupTo(Path target) {
        read(connection -> {
            // sqlite3_backup_init/step/finish on this connection's main database.
            connection.unwrap(SQLiteConnection.class).getDatabase()
                    .backup("main", target.toAbsolutePath().toString(), null);
            return null;
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            lock.unlock();
        }
    }
}
