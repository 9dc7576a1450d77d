package org.borderpolice.federation.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * Appends to the audit log in the caller's transaction, so an audited change and its entry commit
 * together. An append is one INSERT: no lock, no chain head to read, so concurrent requests never
 * queue on each other. {@link AuditLinker} chains committed entries moments later (hash chain in
 * {@code federation.audit_chain}); {@link AuditVerifier} checks the chain.
 */
@ApplicationScoped
public class AuditLog {

    private static final String COLUMNS = "INSERT INTO federation.audit_log "
            + "(at, actor, jurisdiction, action, record_type, record_id, detail) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?)";
    private static final int FIELDS = 7;
    /** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters). */
    private static final int ROWS_PER_INSERT = 1000;

    private final AgroalDataSource dataSource;

    @Inject
    public AuditLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Statements (one or more, separated by semicolons, none returning rows) that commit with the
     * audit entries: sent to PostgreSQL in one round trip with the entries' INSERT.
     * {@code parameterCount}: how many parameters ({@code ?}) the statements have together, so
     * that the entries' parameters are numbered after them.
     */
    public record Companion(String sql, int parameterCount, Parameters parameters) {
        public Companion {
            if (parameterCount < 0) {
                throw new IllegalArgumentException("parameterCount " + parameterCount);
            }
        }
    }

    /** Binds a companion's parameters, numbered through all its statements. */
    @FunctionalInterface
    public interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @Transactional
    public void append(AuditEntry entry) {
        appendAll(List.of(entry));
    }

    /** Append one entry, and write the companion in the same transaction. */
    @Transactional
    public void append(AuditEntry entry, Companion with) {
        try (Connection c = dataSource.getConnection()) {
            appendAll(c, List.of(entry), with);
        } catch (SQLException e) {
            throw new IllegalStateException("could not append to the audit log", e);
        }
    }

    @Transactional
    public void appendAll(List<AuditEntry> entries) {
        try (Connection c = dataSource.getConnection()) {
            appendAll(c, entries);
        } catch (SQLException e) {
            throw new IllegalStateException("could not append to the audit log", e);
        }
    }

    /** Append on this connection, inside its open transaction (for code that runs its own). */
    public void appendAll(Connection c, List<AuditEntry> entries) throws SQLException {
        appendAll(c, entries, null);
    }

    /** As above, writing the companion (when not null) first, in the same round trip as the first INSERT. */
    public void appendAll(Connection c, List<AuditEntry> entries, Companion with) throws SQLException {
        // stored with microsecond precision: the linker hashes exactly what is stored
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int from = 0;
        do {
            List<AuditEntry> rows = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder();
            if (with != null) {
                sql.append(with.sql()).append(";\n");
            }
            if (!rows.isEmpty()) {
                sql.append(COLUMNS).append(String.join(", ", java.util.Collections.nCopies(rows.size(), ROW)));
            }
            if (!sql.isEmpty()) {
                try (PreparedStatement statement = c.prepareStatement(sql.toString())) {
                    int first = 1;
                    if (with != null) {
                        with.parameters().bind(statement);
                        first = with.parameterCount() + 1;
                    }
                    for (AuditEntry e : rows) {
                        statement.setTimestamp(first, Timestamp.from(at));
                        statement.setString(first + 1, e.actor());
                        statement.setString(first + 2, e.jurisdiction());
                        statement.setString(first + 3, e.action());
                        statement.setString(first + 4, e.recordType());
                        statement.setString(first + 5, e.recordId());
                        statement.setString(first + 6, e.detail());
                        first += FIELDS;
                    }
                    statement.execute();
                    // the INSERT is the last statement: a trigger or rule of whoever owns the table
                    // could make it store nothing, silently; an entry that was not stored is a failure
                    long stored = lastUpdateCount(statement);
                    if (!rows.isEmpty() && stored != rows.size()) {
                        throw new SQLException(
                                "the audit log stored " + stored + " of " + rows.size()
                                        + " entries: a trigger or rule on federation.audit_log suppresses entries",
                                "55000");
                    }
                }
            }
            with = null;
            from += ROWS_PER_INSERT;
        } while (from < entries.size());
    }

    /** The update count of the last statement an execute ran (a companion's come first). */
    private static long lastUpdateCount(PreparedStatement statement) throws SQLException {
        long last = statement.getLargeUpdateCount();
        while (true) {
            boolean resultSet = statement.getMoreResults();
            long count = statement.getLargeUpdateCount();
            if (!resultSet && count == -1) {
                return last;
            }
            if (!resultSet) {
                last = count;
            }
        }
    }
}
