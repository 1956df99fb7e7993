package app.porter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import app.porter.audit.AuditLog;
import app.porter.chat.Answer;
import app.porter.chat.AnswerMode;
import app.porter.chat.ConversationRecords;
import app.porter.chat.Conversations;
import app.porter.chat.TokenSink;
import app.porter.crypto.Aead;
import app.porter.crypto.ApplianceKey;
import app.porter.crypto.KeyRing;
import app.porter.crypto.Keystore;
import app.porter.crypto.MasterKey;
import app.porter.language.Language;
import app.porter.portfolio.Portfolio;
import app.porter.portfolio.Property;
import app.porter.store.Database;
import app.porter.store.Migration;
import app.porter.store.Migrator;

/**
 * The privacy numbers, each against a baseline measured in the same run:
 * <ol>
 *   <li>encrypted message appends per second as a reply makes them (the tenant's message and the answer, each its
 *       own durable transaction, WAL, synchronous=NORMAL as the appliance runs, after reading the 20-message
 *       history window), against the same reads and inserts of the same rows with the plaintext body;</li>
 *   <li>verify time for a 1,000,000-entry audit chain, against a plain scan of the same rows;</li>
 *   <li>purge time for 100,000 conversations (keys destroyed, rows deleted, pages reclaimed), against a plain
 *       {@code DELETE} of the same rows in one statement.</li>
 * </ol>
 * A plain {@code main}, not a test. From the repository root:
 * <pre>
 * ./mvnw -q -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=app.porter.bench.PrivacyBench
 * </pre>
 * System properties: {@code bench.appends} (default 5000), {@code bench.audit} (1000000), {@code bench.purge}
 * (100000). About a minute on 2 idle cores.
 */
public final class PrivacyBench {

    private PrivacyBench() {
    }

    public static void main(String[] args) throws Exception {
        int appends = Integer.getInteger("bench.appends", 5000);
        int auditEntries = Integer.getInteger("bench.audit", 1_000_000);
        int purgeCount = Integer.getInteger("bench.purge", 100_000);
        Path root = Files.createTempDirectory("porter-bench-");
        try {
            appends(root.resolve("appends"), appends);
            auditVerify(root.resolve("audit"), auditEntries);
            purge(root.resolve("purge"), purgeCount);
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Appliance(MasterKey master, Database database, KeyRing keys, AuditLog audit) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            master.close();
        }
    }

    private static Appliance open(Path dir) throws Exception {
        Files.createDirectories(dir);
        MasterKey master = Keystore.openOrCreate(dir, Optional.empty(), Keystore.Argon2Params.DEFAULT);
        Database database = Database.open(dir);
        List<Migration> migrations = new ArrayList<>();
        migrations.addAll(AuditLog.MIGRATIONS);
        migrations.addAll(Portfolio.MIGRATIONS);
        migrations.addAll(Conversations.MIGRATIONS);
        migrations.addAll(KeyRing.MIGRATIONS);
        new Migrator(database).migrate(migrations);
        Clock clock = Clock.systemUTC();
        KeyRing keys = KeyRing.open(database, master, clock);
        AuditLog audit = new AuditLog(database, clock, ApplianceKey.openOrCreate(database, keys, clock));
        new Portfolio(database, audit, clock).addIfAbsent(new Property("bench", "Bench"));
        return new Appliance(master, database, keys, audit);
    }

    private static void appends(Path dir, int n) throws Exception {
        String text = "The kitchen sink in unit 4B has been leaking since Monday; water is pooling under the cabinet.";
        try (Appliance a = open(dir)) {
            Conversations service = new Conversations(a.database(), a.keys(),
                    (question, property, sink) -> new Answer("ok", AnswerMode.EXTRACTIVE, List.of()),
                    Clock.systemUTC());
            var conversation = service.start("bench", null, Language.EN).conversation();
            a.database().read(c -> {
                try (Statement s = c.createStatement()) {
                    // The same shape and indexes as messages, so the only difference is the encryption.
                    s.execute("CREATE TABLE plain_messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL,"
                            + " seq INTEGER NOT NULL, role TEXT NOT NULL, mode TEXT, created_at TEXT NOT NULL,"
                            + " body BLOB NOT NULL, UNIQUE (conversation_id, seq))");
                    s.execute("CREATE INDEX plain_by_time ON plain_messages (conversation_id, created_at)");
                }
                return null;
            });
            // Warm up both paths, then time them alternately so machine noise hits both alike.
            for (int i = 0; i < 500; i++) {
                service.reply(conversation, text, TokenSink.NONE);
                plainReply(a.database(), conversation.id(), text);
            }
            long encrypted = 0;
            long plain = 0;
            int rounds = 5;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n / 2 / rounds; i++) {
                    service.reply(conversation, text, TokenSink.NONE); // two appends: the tenant's and the reply
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n / 2 / rounds; i++) {
                    plainReply(a.database(), conversation.id(), text);
                }
                long t2 = System.nanoTime();
                encrypted += t1 - t0;
                plain += t2 - t1;
            }
            double encRate = n / (encrypted / 1e9);
            double plainRate = n / (plain / 1e9);
            System.out.printf(Locale.ROOT, "appends as replies make them (window read, two durable transactions, WAL,"
                            + " synchronous=NORMAL): "
                            + "encrypted %.0f/s, plain %.0f/s, ratio %.2f%n", encRate, plainRate, encRate / plainRate);
        }
    }

    /**
     * What a reply stores and reads, in plaintext: the last 20 messages (the answer's history window), then the
     * tenant's message and the answer, each appended in its own transaction.
     */
    private static void plainReply(Database database, String conversationId, String text) {
        database.read(c -> {
            try (PreparedStatement window = c.prepareStatement("SELECT id, role, mode, created_at, body FROM"
                    + " plain_messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 20")) {
                window.setString(1, conversationId);
                int bytes = 0;
                try (var rows = window.executeQuery()) {
                    while (rows.next()) {
                        bytes += rows.getBytes(5).length;
                    }
                }
                return bytes;
            }
        });
        plainInsert(database, conversationId, text);
        plainInsert(database, conversationId, "ok");
    }

    /** What ConversationStore.append does, less the sealing: next seq, then the insert, in one transaction. */
    private static void plainInsert(Database database, String conversationId, String text) {
        byte[] body = ("{\"text\":\"" + text + "\",\"citations\":[]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        database.transaction(c -> {
            int seq;
            try (PreparedStatement next = c.prepareStatement(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM plain_messages WHERE conversation_id = ?")) {
                next.setString(1, conversationId);
                try (var row = next.executeQuery()) {
                    row.next();
                    seq = row.getInt(1);
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO plain_messages (id, conversation_id,"
                    + " seq, role, mode, created_at, body) VALUES (?, ?, ?, 'tenant', NULL, ?, ?)")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, conversationId);
                insert.setInt(3, seq);
                insert.setString(4, Instant.now().toString());
                insert.setBytes(5, body);
                return insert.executeUpdate();
            }
        });
    }

    private static void auditVerify(Path dir, int n) throws Exception {
        try (Appliance a = open(dir)) {
            // Signed appends (each its own transaction, the head signed each time) against unsigned ones.
            AuditLog unsigned = new AuditLog(a.database(), Clock.systemUTC());
            int sample = 2000;
            long s0 = System.nanoTime();
            for (int i = 0; i < sample; i++) {
                a.audit().append("bench", "bench.signed", "object-" + i);
            }
            long s1 = System.nanoTime();
            for (int i = 0; i < sample; i++) {
                unsigned.append("bench", "bench.unsigned", "object-" + i);
            }
            long s2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "audit appends (one transaction each): signed head %.0f/s, unsigned %.0f/s,"
                    + " ratio %.2f%n", sample / ((s1 - s0) / 1e9), sample / ((s2 - s1) / 1e9),
                    (double) (s2 - s1) / (s1 - s0));
            // The long chain is written the fast way (large transactions, unsigned), then signed once at its head:
            // what is timed below is verify.
            long t0 = System.nanoTime();
            int batch = 50_000;
            int total = n - 2 * sample - 1;
            for (int done = 0; done < total; done += batch) {
                int size = Math.min(batch, total - done);
                a.database().transaction(c -> {
                    for (int i = 0; i < size; i++) {
                        unsigned.append(c, "bench", "bench.action", "object-" + i, i % 10 == 0 ? "reason" : null);
                    }
                    return null;
                });
            }
            a.audit().append("bench", "bench.head", "last");
            long t1 = System.nanoTime();
            AuditLog.Verification v = a.audit().verify();
            long t2 = System.nanoTime();
            if (!v.ok() || v.entries() != n) {
                throw new IllegalStateException("verify: " + v);
            }
            long scanned = a.database().read(c -> {
                long count = 0;
                try (Statement s = c.createStatement();
                     var rows = s.executeQuery("SELECT seq, at, actor, action, target, detail, prev_hash, hash"
                             + " FROM audit_log ORDER BY seq")) {
                    while (rows.next()) {
                        count += rows.getString(8).length() > 0 ? 1 : 0;
                    }
                }
                return count;
            });
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "audit chain of %d entries: written in %.1f s;"
                            + " verify %.2f s (%.0f entries/s); plain scan of the same rows %.2f s; ratio %.1fx%n",
                    scanned, (t1 - t0) / 1e9, (t2 - t1) / 1e9, n / ((t2 - t1) / 1e9), (t3 - t2) / 1e9,
                    (double) (t2 - t1) / (t3 - t2));
        }
    }

    private static void purge(Path dir, int n) throws Exception {
        try (Appliance a = open(dir)) {
            seed(a, n, "old");
            long fileBefore = Files.size(dir.resolve("porter.db"));
            ConversationRecords records = new ConversationRecords(a.database(), a.keys());
            long t0 = System.nanoTime();
            long purged = records.purgeExpired(Instant.parse("2030-01-01T00:00:00Z"));
            long t1 = System.nanoTime();
            if (purged != n) {
                throw new IllegalStateException("purged " + purged);
            }
            long fileAfter = Files.size(dir.resolve("porter.db"));

            // Baseline: the same rows deleted with two plain statements (no key destruction, no batching).
            seed(a, n, "plain");
            long t2 = System.nanoTime();
            a.database().transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM messages");
                    s.executeUpdate("DELETE FROM conversations");
                }
                return null;
            });
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "purge of %d conversations (2 messages each): %.2f s (%.0f/s), file %d ->"
                            + " %d MB; plain DELETE of the same rows %.2f s; ratio %.1fx%n", n, (t1 - t0) / 1e9,
                    n / ((t1 - t0) / 1e9), fileBefore >> 20, fileAfter >> 20, (t3 - t2) / 1e9,
                    (double) (t1 - t0) / (t3 - t2));
        }
    }

    /** {@code n} conversations with two sealed messages each, in large transactions. */
    private static void seed(Appliance a, int n, String prefix) {
        String at = "2026-01-01T00:00:00Z";
        int batch = 10_000;
        for (int done = 0; done < n; done += batch) {
            int from = done;
            int size = Math.min(batch, n - done);
            a.database().transaction(c -> {
                try (PreparedStatement conv = c.prepareStatement("INSERT INTO conversations (id, property_id,"
                        + " consent_at, created_at, token_hash, kek_version, wrapped_key) VALUES (?, 'bench', ?, ?,"
                        + " ?, ?, ?)");
                     PreparedStatement msg = c.prepareStatement("INSERT INTO messages (id, conversation_id, seq,"
                             + " role, created_at, body) VALUES (?, ?, ?, 'tenant', ?, ?)")) {
                    for (int i = from; i < from + size; i++) {
                        String id = prefix + "-" + i;
                        byte[] dek = Aead.newKey();
                        KeyRing.Wrapped wrapped = a.keys().wrap(dek, id);
                        conv.setString(1, id);
                        conv.setString(2, at);
                        conv.setString(3, at);
                        conv.setBytes(4, new byte[32]);
                        conv.setInt(5, wrapped.kekVersion());
                        conv.setBytes(6, wrapped.key());
                        conv.addBatch();
                        for (int m = 1; m <= 2; m++) {
                            msg.setString(1, id + "/" + m);
                            msg.setString(2, id);
                            msg.setInt(3, m);
                            msg.setString(4, at);
                            msg.setBytes(5, Aead.encrypt(dek, new byte[200], (id + "/" + m).getBytes()));
                            msg.addBatch();
                        }
                    }
                    conv.executeBatch();
                    msg.executeBatch();
                }
                return null;
            });
        }
    }
}
