package app.porter.knowledge;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import app.porter.language.Language;
import app.porter.store.Database;

/** The {@code kb_documents} table. */
final class DocumentStore {

    private static final String COLUMNS = "id, title, filename, format, content_type, structure, property_id, unit_id,"
            + " size_bytes, sha256, pages, passages, status, status_detail, revision, created_by, created_at, updated_at, language";

    private final Database database;

    DocumentStore(Database database) {
        this.database = database;
    }

    Optional<KnowledgeDocument> find(String id) {
        return one("SELECT " + COLUMNS + " FROM kb_documents WHERE id = ?", id);
    }

    Optional<KnowledgeDocument> findByName(Scope scope, String filename) {
        return one("SELECT " + COLUMNS + " FROM kb_documents WHERE scope_key = ? AND filename = ?", scope.key(), filename);
    }

    List<KnowledgeDocument> all() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM kb_documents ORDER BY title COLLATE NOCASE, id")) {
                try (ResultSet rows = query.executeQuery()) {
                    List<KnowledgeDocument> documents = new ArrayList<>();
                    while (rows.next()) {
                        documents.add(read(rows));
                    }
                    return documents;
                }
            }
        });
    }

    /** True when another document than {@code exceptId} still uses the original with this hash. */
    boolean originalInUse(String sha256, String exceptId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM kb_documents WHERE sha256 = ? AND id <> ? LIMIT 1")) {
                query.setString(1, sha256);
                query.setString(2, exceptId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    /** Inserts a new document, or replaces the content fields of an existing one; returns the new revision. */
    int upsert(KnowledgeDocument d) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE kb_documents SET title = ?, filename = ?, format = ?, content_type = ?, structure = ?,"
                            + " property_id = ?, unit_id = ?, scope_key = ?, size_bytes = ?, sha256 = ?, pages = ?,"
                            + " status = ?, status_detail = NULL, revision = revision + 1, updated_at = ?, language = ?"
                            + " WHERE id = ?")) {
                update.setString(1, d.title());
                update.setString(2, d.filename());
                update.setString(3, d.format());
                update.setString(4, d.contentType());
                update.setString(5, d.structure());
                update.setString(6, d.scope().propertyId());
                update.setString(7, d.scope().unitId());
                update.setString(8, d.scope().key());
                update.setLong(9, d.sizeBytes());
                update.setString(10, d.sha256());
                update.setInt(11, d.pages());
                update.setString(12, d.status());
                update.setString(13, d.updatedAt().toString());
                update.setString(14, d.language() == null ? null : d.language().tag());
                update.setString(15, d.id());
                if (update.executeUpdate() == 1) {
                    return revision(connection, d.id());
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO kb_documents (id, title, filename, format, content_type, structure, property_id,"
                            + " unit_id, scope_key, size_bytes, sha256, pages, passages, status, revision, created_by,"
                            + " created_at, updated_at, language)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 1, ?, ?, ?, ?)")) {
                insert.setString(1, d.id());
                insert.setString(2, d.title());
                insert.setString(3, d.filename());
                insert.setString(4, d.format());
                insert.setString(5, d.contentType());
                insert.setString(6, d.structure());
                insert.setString(7, d.scope().propertyId());
                insert.setString(8, d.scope().unitId());
                insert.setString(9, d.scope().key());
                insert.setLong(10, d.sizeBytes());
                insert.setString(11, d.sha256());
                insert.setInt(12, d.pages());
                insert.setString(13, d.status());
                insert.setString(14, d.createdBy());
                insert.setString(15, d.createdAt().toString());
                insert.setString(16, d.updatedAt().toString());
                insert.setString(17, d.language() == null ? null : d.language().tag());
                insert.executeUpdate();
            }
            return 1;
        });
    }

    /** Starts a new revision of an existing document (a re-index); returns it. */
    int newRevision(String id, Instant at) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE kb_documents SET revision = revision + 1, status = 'queued', status_detail = NULL,"
                            + " updated_at = ? WHERE id = ?")) {
                update.setString(1, at.toString());
                update.setString(2, id);
                update.executeUpdate();
            }
            return revision(connection, id);
        });
    }

    /** Sets the status of {@code revision}; does nothing when the document has moved on to a newer revision. */
    boolean setStatus(String id, int revision, String status, String detail, Integer passages, Integer pages,
                      String structure, Instant at) {
        return database.read(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE kb_documents SET status = ?, status_detail = ?, passages = COALESCE(?, passages),"
                            + " pages = COALESCE(?, pages), structure = COALESCE(?, structure), updated_at = ?"
                            + " WHERE id = ? AND revision = ?")) {
                update.setString(1, status);
                update.setString(2, detail);
                update.setObject(3, passages);
                update.setObject(4, pages);
                update.setString(5, structure);
                update.setString(6, at.toString());
                update.setString(7, id);
                update.setInt(8, revision);
                return update.executeUpdate() == 1;
            }
        });
    }

    void delete(String id) {
        database.read(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM kb_documents WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate();
            }
        });
    }

    private static int revision(java.sql.Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT revision FROM kb_documents WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private Optional<KnowledgeDocument> one(String sql, String... parameters) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setString(i + 1, parameters[i]);
                }
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    private static KnowledgeDocument read(ResultSet row) throws SQLException {
        return new KnowledgeDocument(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), new Scope(row.getString(7), row.getString(8)), row.getLong(9),
                row.getString(10), row.getInt(11), row.getInt(12), row.getString(13), row.getString(14),
                row.getInt(15), row.getString(16), Instant.parse(row.getString(17)), Instant.parse(row.getString(18)),
                Language.fromTag(row.getString(19)).orElse(null));
    }
}
