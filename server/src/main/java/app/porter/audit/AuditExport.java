package app.porter.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import app.porter.audit.AuditMarks.SignedMark;
import app.porter.store.Database;

/**
 * Writes the audit log as JSON Lines ({@link AuditLog#exportJsonl(Writer, Instant, Instant)}): one object per
 * entry with its chain fields, then the signed head with the exact text it signs, so an auditor can check the
 * export on its own, without Porter. A file format of its own, so it lives apart from the log's bookkeeping.
 */
final class AuditExport {

    /** Looked up once (JSON.createObjectBuilder() runs a ServiceLoader lookup per call): export writes a line per entry. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Database database;
    private final AuditChain chain;

    AuditExport(Database database, AuditChain chain) {
        this.database = database;
        this.chain = chain;
    }

    void exportJsonl(Writer out, Instant from, Instant to) {
        long after = 0;
        try {
            while (true) {
                List<AuditChain.Raw> page = chain.page(after, Long.MAX_VALUE, from, to);
                if (page.isEmpty()) {
                    break;
                }
                for (AuditChain.Raw r : page) {
                    AuditEntry e = r.entry();
                    JsonObjectBuilder line = JSON.createObjectBuilder()
                            .add("seq", e.seq())
                            .add("at", r.at())
                            .add("actor", e.actor())
                            .add("action", e.action())
                            .add("target", e.target());
                    if (e.detail() != null) {
                        line.add("detail", e.detail());
                    }
                    out.write(line.add("prevHash", e.prevHash()).add("hash", e.hash()).build().toString());
                    out.write('\n');
                }
                after = page.getLast().entry().seq();
            }
            Optional<SignedMark> head = database.read(connection -> AuditMarks.read(connection, AuditMarks.HEAD));
            if (head.isPresent()) {
                SignedMark h = head.get();
                out.write(JSON.createObjectBuilder().add("head", JSON.createObjectBuilder()
                        .add("seq", h.seq()).add("hash", h.hash()).add("at", h.at()).add("keyId", h.keyId())
                        .add("signed", AuditMarks.statement("head", h.seq(), h.hash(), h.at()))
                        .add("signature", Base64.getEncoder().encodeToString(h.signature()))).build().toString());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
