package app.porter.audit;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import app.porter.audit.AuditLog.Break;
import app.porter.audit.AuditLog.Verification;
import app.porter.audit.AuditMarks.SignedMark;
import app.porter.store.Database;

/**
 * Checks a whole audit log ({@link AuditLog#verify()}): every entry's hash and its link to the one before, every
 * signed checkpoint, the signed head and the pruning anchor, and names the first entry where it breaks. Kept apart
 * from {@link AuditLog} because it only reads, and because its order of checks is itself the argument for why a
 * passing log was not cut, rewritten or extended behind Porter's back.
 */
final class AuditVerifier {

    private final Database database;
    private final AuditChain chain;
    private final AuditMarks marks;
    /** Null when this log has no witness file (a read-only tool, or a test of the database alone). */
    private final AuditWitness witness;

    AuditVerifier(Database database, AuditChain chain, AuditMarks marks, AuditWitness witness) {
        this.database = database;
        this.chain = chain;
        this.marks = marks;
        this.witness = witness;
    }

    /** What the check starts from, read in one go: see {@link #verify()}. */
    private record Start(SignedMark head, SignedMark anchor, long lastSeq, long highestSeq) {
    }

    /**
     * Reads in pages of {@value AuditChain#PAGE} so the appliance keeps working while a long log is checked;
     * entries appended meanwhile (after the head read at the start) are left for next time.
     */
    Verification verify() {
        // The witness before the database: it is written after each commit, so read first it can only lag the
        // database, never name an entry that the database is about to get.
        List<AuditWitness.Line> witnessed = witness == null ? List.of() : witness.lines();
        // One read under the lock, so the head and the last entry are of the same moment; entries appended while
        // the check runs are after lastSeq and left for the next run.
        Start start = database.read(connection -> {
            try (Statement s = connection.createStatement();
                 ResultSet row = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log")) {
                row.next();
                long last = row.getLong(1);
                long highest = 0;
                try (ResultSet seq = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")) {
                    if (seq.next()) {
                        highest = seq.getLong(1);
                    }
                }
                return new Start(AuditMarks.read(connection, AuditMarks.HEAD).orElse(null),
                        AuditMarks.anchor(connection).orElse(null), last, highest);
            }
        });
        SignedMark head = start.head();
        SignedMark anchor = start.anchor();
        long until = start.lastSeq();
        long highest = start.highestSeq();
        if (anchor != null && !marks.valid("anchor", anchor)) {
            return broken(0, anchor.seq() + 1, "the pruning anchor's signature is invalid");
        }
        String expectedPrev = anchor == null ? AuditChain.GENESIS : anchor.hash();
        long expectedSeq = anchor == null ? 1 : anchor.seq() + 1;
        long checked = 0;
        long after = anchor == null ? 0 : anchor.seq();
        String lastHash = null;
        long lastChecked = after;
        while (true) {
            List<AuditChain.Raw> page = chain.page(after, until, null, null);
            if (page.isEmpty()) {
                break;
            }
            for (AuditChain.Raw r : page) {
                AuditEntry e = r.entry();
                if (!e.prevHash().equals(expectedPrev)) {
                    return broken(checked, e.seq(), e.seq() != expectedSeq
                            ? "entries " + expectedSeq + "-" + (e.seq() - 1) + " are missing (deleted)"
                            : "does not follow the entry before it (an entry before it was deleted, altered or"
                            + " moved)");
                }
                String recomputed = AuditChain.hash(e.prevHash(), r.at(), e.actor(), e.action(), e.target(),
                        e.detail());
                if (!recomputed.equals(e.hash())) {
                    return broken(checked, e.seq(), "this entry was altered (its hash does not match its content)");
                }
                expectedPrev = e.hash();
                expectedSeq = e.seq() + 1;
                lastHash = e.hash();
                lastChecked = e.seq();
                checked++;
            }
            after = page.getLast().entry().seq();
        }
        // Signed checkpoints must match the entries they name.
        List<SignedMark> checkpoints = database.read(AuditMarks::checkpoints);
        for (SignedMark checkpoint : checkpoints) {
            if (anchor != null && checkpoint.seq() <= anchor.seq()) {
                continue;
            }
            if (!marks.valid("checkpoint", checkpoint)) {
                return broken(checked, checkpoint.seq(), "the signed checkpoint at this entry has an invalid "
                        + "signature");
            }
            if (checkpoint.seq() > lastChecked) {
                if (head == null || checkpoint.seq() <= head.seq()) {
                    return broken(checked, lastChecked + 1, "the log was truncated: a signed checkpoint names entry "
                            + checkpoint.seq() + " but the log ends at " + lastChecked);
                }
                continue;
            }
            String stored = chain.hashAt(checkpoint.seq());
            if (!checkpoint.hash().equals(stored)) {
                return broken(checked, checkpoint.seq(), "does not match the signed checkpoint for this entry "
                        + "(the log was rewritten from here or earlier)");
            }
        }
        if (marks.signing() || head != null) {
            if (head == null) {
                if (checked > 0) {
                    return broken(checked, lastChecked, "the signed head is missing");
                }
                if (anchor != null) {
                    // Pruning always keeps the newest entry: an anchor with nothing after it was cut off.
                    return broken(checked, anchor.seq() + 1, "the log was truncated: nothing follows the pruning"
                            + " anchor and the signed head is missing");
                }
            } else {
                if (!marks.valid("head", head)) {
                    return broken(checked, head.seq(), "the signed head's signature is invalid");
                }
                if (head.seq() > lastChecked) {
                    return broken(checked, lastChecked + 1, "the log was truncated: the signed head names entry "
                            + head.seq() + " but the log ends at " + lastChecked);
                }
                if (head.seq() < lastChecked) {
                    return broken(checked, head.seq() + 1, "entries after the signed head (" + head.seq()
                            + ") were not written by Porter");
                }
                if (!head.hash().equals(lastHash)) {
                    return broken(checked, head.seq(), "does not match the signed head (the log was rewritten)");
                }
            }
        }
        Optional<Break> missing = againstWitness(witnessed, anchor, lastChecked, checked);
        if (missing.isPresent()) {
            return new Verification(false, checked, missing);
        }
        // SQLite remembers the largest seq it ever handed out (AUTOINCREMENT): a cheap, unsigned second witness.
        if (highest > lastChecked) {
            return broken(checked, lastChecked + 1, "the log was truncated: entry " + highest + " was written but"
                    + " the log ends at " + lastChecked);
        }
        return new Verification(true, checked, Optional.empty());
    }

    /**
     * The log against the witness file beside the key: the newest head Porter ever signed must still be there. This
     * finds what the database alone cannot: a rollback to an older, genuinely signed head, and a wiped log.
     */
    private Optional<Break> againstWitness(List<AuditWitness.Line> lines, SignedMark anchor, long lastChecked,
                                           long checked) {
        for (AuditWitness.Line line : lines) {
            if (line.kind().equals("damaged") || !marks.valid("head", line.mark())) {
                return Optional.of(new Break(lastChecked + 1, "the audit witness file (" + AuditWitness.FILE
                        + ") was altered: a line is damaged or not signed by this appliance"));
            }
        }
        Optional<AuditWitness.Line> newest = AuditWitness.newest(lines);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        SignedMark witnessed = newest.get().mark();
        if (witnessed.seq() > lastChecked) {
            long from = lastChecked + 1;
            String what = checked == 0 && anchor == null && lastChecked == 0
                    ? "the log was wiped" : "the log was rolled back";
            return Optional.of(new Break(from, "entries " + from + "-" + witnessed.seq() + " missing: " + what
                    + " (the witness file beside the key names entry " + witnessed.seq() + ", written at "
                    + witnessed.at() + ")"));
        }
        if (anchor == null || witnessed.seq() > anchor.seq()) {
            String stored = chain.hashAt(witnessed.seq());
            if (!witnessed.hash().equals(stored)) {
                return Optional.of(new Break(witnessed.seq(), "does not match the head recorded in the witness file"
                        + " beside the key (the log was rewritten from here or earlier)"));
            }
        }
        return Optional.empty();
    }

    private static Verification broken(long checked, long seq, String reason) {
        return new Verification(false, checked, Optional.of(new Break(seq, reason)));
    }
}
