package org.borderpolice.federation.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Segments stored text again after a change of how text is indexed ({@link ChineseText}: its
 * dictionary, its rules). Services store {@code ChineseText.forIndex} of their texts when they
 * write a record, in Java, so their Flyway migrations that re-index are Java migrations calling
 * this. It walks a table by its key in batches (no long cursor, memory bounded by one batch),
 * writes only rows whose stored text differs from what the text gives today, and analyses the
 * table at the end, so that PostgreSQL's statistics count the new words at once. Running it
 * again changes nothing: it is idempotent, and safe to repeat after an interrupted run.
 */
public final class SearchTextMigration {

    /** Rows read and written per round trip. */
    static final int BATCH = 500;

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private SearchTextMigration() {}

    /** A text column and the column holding its {@code ChineseText.forIndex}. */
    public record Column(String text, String indexed) {
        public Column {
            requireName(text);
            requireName(indexed);
        }
    }

    /**
     * Re-segments {@code table}'s columns, walking it by {@code key} (a unique, ordered column:
     * the primary key); returns how many rows changed. A null text indexes as the empty string,
     * as the entities store it.
     */
    public static int segmentAgain(Connection c, String table, String key, List<Column> columns) throws SQLException {
        requireName(table);
        requireName(key);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no column to segment");
        }
        StringBuilder select = new StringBuilder("SELECT ").append(key);
        StringBuilder set = new StringBuilder();
        for (Column column : columns) {
            select.append(", ").append(column.text()).append(", ").append(column.indexed());
            set.append(set.isEmpty() ? "" : ", ").append(column.indexed()).append(" = ?");
        }
        select.append(" FROM ").append(table);
        String order = " ORDER BY " + key + " LIMIT " + BATCH;
        String update = "UPDATE " + table + " SET " + set + " WHERE " + key + " = ?";
        int changed = 0;
        Object after = null;
        try (PreparedStatement first = c.prepareStatement(select + order);
                PreparedStatement next = c.prepareStatement(select + " WHERE " + key + " > ?" + order);
                PreparedStatement write = c.prepareStatement(update)) {
            while (true) {
                PreparedStatement read = after == null ? first : next;
                if (after != null) {
                    next.setObject(1, after);
                }
                int rows = 0;
                int pending = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getObject(1);
                        List<String> indexed = new ArrayList<>(columns.size());
                        boolean differs = false;
                        for (int i = 0; i < columns.size(); i++) {
                            String now = ChineseText.forIndex(Objects.requireNonNullElse(rs.getString(2 + 2 * i), ""));
                            indexed.add(now);
                            differs |= !now.equals(rs.getString(3 + 2 * i));
                        }
                        if (differs) {
                            for (int i = 0; i < indexed.size(); i++) {
                                write.setString(i + 1, indexed.get(i));
                            }
                            write.setObject(indexed.size() + 1, after);
                            write.addBatch();
                            pending++;
                        }
                    }
                }
                if (pending > 0) {
                    write.executeBatch();
                    changed += pending;
                }
                if (rows < BATCH) {
                    break;
                }
            }
        }
        try (Statement analyze = c.createStatement()) {
            analyze.execute("ANALYZE " + table);
        }
        return changed;
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL name: " + name);
        }
    }
}
