package org.borderpolice.cases.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.cases.CaseFile;
import org.borderpolice.cases.FilePart;

import io.agroal.api.AgroalDataSource;

/**
 * Which record holds which evidence file (table case_file), in the caller's transaction. The
 * callers check that the reader sees the record first; {@link #partnerMayFetch} is the
 * visibility rule for partners fetching our files, in its WHERE clause.
 */
@ApplicationScoped
public class CaseFileRepository {

    private static final String COLUMNS = """
            f.origin, f.file_id, f.part, f.case_id, f.request_id, f.name, f.sha256, f.size, f.content_type,
            f.attached_at, f.attached_by,
            EXISTS (SELECT 1 FROM federation.file s WHERE s.origin = f.origin AND s.id = f.file_id AND s.complete)""";

    @Inject
    AgroalDataSource dataSource;

    public void insert(CaseFile f) {
        execute(
                """
                INSERT INTO case_file (origin, file_id, part, case_id, request_id, name, sha256, size, content_type,
                                       attached_at, attached_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin, file_id) DO NOTHING""",
                f.origin(),
                f.fileId(),
                f.part().name(),
                f.caseId(),
                f.requestId(),
                f.name(),
                f.sha256(),
                f.size(),
                f.contentType(),
                Timestamp.from(f.attachedAt()),
                f.attachedBy());
    }

    /** The files of a record held under {@code origin}, oldest first ({@code requestId} null for a case's). */
    public List<CaseFile> ofRecord(String origin, FilePart part, UUID caseId, UUID requestId) {
        String sql = "SELECT " + COLUMNS + " FROM case_file f WHERE f.origin = ? AND f.part = ? AND "
                + (part == FilePart.CASE ? "f.case_id = ? AND f.request_id IS NULL" : "f.request_id = ?")
                + " ORDER BY f.attached_at, f.file_id";
        return query(sql, origin, part.name(), part == FilePart.CASE ? caseId : requestId);
    }

    /** One file of a record held under {@code origin}. */
    public Optional<CaseFile> inRecord(String origin, FilePart part, UUID caseId, UUID requestId, UUID fileId) {
        return ofRecord(origin, part, caseId, requestId).stream()
                .filter(f -> f.fileId().equals(fileId))
                .findFirst();
    }

    /** A file held under {@code origin} by any record. */
    public Optional<CaseFile> find(String origin, UUID fileId) {
        List<CaseFile> found =
                query("SELECT " + COLUMNS + " FROM case_file f WHERE f.origin = ? AND f.file_id = ?", origin, fileId);
        return found.stream().findFirst();
    }

    public int count(String origin, FilePart part, UUID caseId, UUID requestId) {
        return ofRecord(origin, part, caseId, requestId).size();
    }

    /** Forget the files of a partner's record we drop (its case left us); the bytes stay until swept. */
    public void deleteCaseFiles(String origin, UUID caseId) {
        execute("DELETE FROM case_file WHERE origin = ? AND case_id = ? AND part = 'CASE'", origin, caseId);
    }

    /**
     * The record of ours holding {@code fileId} if {@code partner} is in its distribution: a
     * case's participant invited or accepted (no draft), a request's addressee, an answer's
     * requester. Empty otherwise, and for files no record of ours holds.
     */
    public Optional<CaseFile> partnerMayFetch(String self, String partner, UUID fileId) {
        List<CaseFile> found = query("SELECT " + COLUMNS + """
                         FROM case_file f WHERE f.origin = ? AND f.file_id = ? AND (
                          (f.part = 'CASE' AND EXISTS (
                              SELECT 1 FROM joint_case c JOIN case_participant p ON p.case_id = c.id
                              WHERE c.id = f.case_id AND c.origin = f.origin AND c.status <> 'DRAFT'
                                AND p.jurisdiction = ? AND p.state IN ('INVITED', 'ACCEPTED')))
                          OR (f.part = 'REQUEST' AND EXISTS (
                              SELECT 1 FROM assistance_request r
                              WHERE r.id = f.request_id AND r.requester = f.origin AND r.addressee = ?))
                          OR (f.part = 'ANSWER' AND EXISTS (
                              SELECT 1 FROM assistance_request r
                              WHERE r.id = f.request_id AND r.addressee = f.origin AND r.requester = ?)))""", self, fileId, partner, partner, partner);
        return found.stream().findFirst();
    }

    private List<CaseFile> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<CaseFile> files = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    files.add(new CaseFile(
                            rs.getString(1),
                            rs.getObject(2, UUID.class),
                            FilePart.valueOf(rs.getString(3)),
                            rs.getObject(4, UUID.class),
                            rs.getObject(5, UUID.class),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getLong(8),
                            rs.getString(9),
                            rs.getTimestamp(10).toInstant(),
                            rs.getString(11),
                            rs.getBoolean(12)));
                }
            }
            return files;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read case files", e);
        }
    }

    private void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write case files", e);
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant t) {
                p = Timestamp.from(t);
            }
            s.setObject(i + 1, p);
        }
    }
}
