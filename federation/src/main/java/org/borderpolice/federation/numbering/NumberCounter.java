package org.borderpolice.federation.numbering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalInt;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * Hands out the numbers of one kind of record, gapless per origin and year, from a counter table
 * in the service's own schema:
 *
 * <pre>
 * CREATE TABLE x_number_counter (
 *     origin      VARCHAR(6) COLLATE "C" NOT NULL,
 *     year        SMALLINT   NOT NULL,
 *     last_number INTEGER    NOT NULL,
 *     PRIMARY KEY (origin, year));
 * </pre>
 *
 * The number is counted in the caller's transaction: the counter row stays locked until it ends,
 * so numbers are handed out one at a time, and a rolled-back creation gives its number back.
 */
public final class NumberCounter {

    private final String next;

    /** @param table the counter table (a plain SQL name, optionally schema-qualified) */
    public NumberCounter(String table) {
        if (!table.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?")) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        String column = table.substring(table.indexOf('.') + 1);
        next = """
                INSERT INTO %s (origin, year, last_number) VALUES (?, ?, 1)
                ON CONFLICT (origin, year) DO UPDATE SET last_number = %s.last_number + 1
                WHERE %s.last_number < ?
                RETURNING last_number""".formatted(table, column, column);
    }

    /** The next sequence of {@code origin} in {@code year}; empty once the year's numbers are used up. */
    public OptionalInt next(Connection c, String origin, int year) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(next)) {
            s.setString(1, origin);
            s.setShort(2, (short) year);
            s.setInt(3, RecordNumber.MAX_SEQUENCE);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** As {@link #next(Connection, String, int)}, on the connection of the entity manager's transaction. */
    public OptionalInt next(EntityManager em, String origin, int year) {
        return em.unwrap(Session.class).doReturningWork(c -> next(c, origin, year));
    }

    /** The next number of {@code origin} in {@code year}; empty once the year's numbers are used up. */
    public java.util.Optional<RecordNumber> nextNumber(EntityManager em, String origin, int year) {
        OptionalInt sequence = next(em, origin, year);
        return sequence.isPresent()
                ? java.util.Optional.of(new RecordNumber(origin, year, sequence.getAsInt()))
                : java.util.Optional.empty();
    }
}
