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
 * this. It walks a table by its key in batches (no long cursor, memory bounded by one batch) and
 * writes the rows of a batch whose stored text differs from what the text gives today in one
 * {@code UPDATE}, then analyses the table, so that PostgreSQL's statistics count the new words at
 * once.
 *
 * <p>Run it outside a transaction: a migration calling it answers {@code false} to {@code
 * canExecuteInTransaction()}, so Flyway hands it a connection in auto-commit and every batch's
 * {@code UPDATE} commits on its own. One transaction over a whole table would keep nothing of an
 * interrupted run (a pod killed during a long start-up would begin again from row one, forever if
 * the start-up deadline is shorter than the run) and hold every row version until the end. The walk
 * is idempotent: run again, it writes only the rows still to do, so an interrupted run resumes where
 * it stopped at the price of reading and segmenting the rows before again. Given a connection inside
 * a transaction it runs in that transaction, as before.
 *
 * <p>One statement per batch also matters to tables with statement triggers: case-exchange's
 * timeline entries rewrite their case's row once per statement (V80), not once per entry.
 */
public final class SearchTextMigration {

    /** Rows read and written per round trip (and per commit). */
    static final int BATCH = 500;

    /** Groups per round trip in {@link #segmentAgainByGroup}. */
    static final int GROUPS = 100;

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
     * A table to segment again: its name, its key (unique, ordered: the primary key), its text
     * columns, and for {@link #segmentAgainByGroup} the group column (null: walked by key alone).
     */
    public record Table(String name, String group, String key, List<Column> columns) {
        public Table {
            requireName(name);
            if (group != null) {
                requireName(group);
            }
            requireName(key);
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("a table to segment again has text columns");
            }
        }

        /** A table walked by its key. */
        public static Table of(String name, String key, Column... columns) {
            return new Table(name, null, key, List.of(columns));
        }

        /** A table walked a group at a time ({@link #segmentAgainByGroup}). */
        public static Table grouped(String name, String group, String key, Column... columns) {
            return new Table(name, group, key, List.of(columns));
        }
    }

    /** Re-segments each table in turn (grouped or not, as it says); returns how many rows changed. */
    public static int segmentAgain(Connection c, List<Table> tables) throws SQLException {
        int changed = 0;
        for (Table t : tables) {
            changed += t.group() == null
                    ? segmentAgain(c, t.name(), t.key(), t.columns())
                    : segmentAgainByGroup(c, t.name(), t.group(), t.key(), t.columns());
        }
        return changed;
    }

    /**
     * Re-segments {@code table}'s columns, walking it by {@code key} (a unique, ordered column:
     * the primary key); returns how many rows changed. A null text indexes as the empty string,
     * as the entities store it.
     */
    public static int segmentAgain(Connection c, String table, String key, List<Column> columns) throws SQLException {
        requireName(table);
        requireName(key);
        String select = select(table, key, columns);
        String order = " ORDER BY " + key + " LIMIT " + BATCH;
        Writer writer = new Writer(c, table, key, columns);
        Object after = null;
        try (PreparedStatement first = c.prepareStatement(select + order);
                PreparedStatement next = c.prepareStatement(select + " WHERE " + key + " > ?" + order)) {
            while (true) {
                PreparedStatement read = after == null ? first : next;
                if (after != null) {
                    next.setObject(1, after);
                }
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getObject(1);
                        writer.consider(rs);
                    }
                }
                writer.flush();
                if (rows < BATCH) {
                    break;
                }
            }
        }
        analyze(c, table);
        return writer.changed;
    }

    /**
     * As {@link #segmentAgain}, but a batch holds whole groups of rows (those with the same
     * {@code group} value, walked in its order; an index should lead with it), so that the rows
     * of one group are written in one statement: a statement trigger that rewrites the group's
     * parent (case-exchange's timeline entries and their case) then does so once per group, not
     * once per changed row.
     */
    public static int segmentAgainByGroup(Connection c, String table, String group, String key, List<Column> columns)
            throws SQLException {
        requireName(table);
        requireName(group);
        requireName(key);
        Writer writer = new Writer(c, table, key, columns);
        String groups = "SELECT DISTINCT " + group + " FROM " + table;
        String order = " ORDER BY " + group + " LIMIT " + GROUPS;
        Object after = null;
        try (PreparedStatement first = c.prepareStatement(groups + order);
                PreparedStatement next = c.prepareStatement(groups + " WHERE " + group + " > ?" + order);
                PreparedStatement rowsOf = c.prepareStatement(
                        select(table, key, columns) + " WHERE " + group + " = ANY (?) ORDER BY " + key)) {
            String type = null;
            while (true) {
                PreparedStatement read = after == null ? first : next;
                if (after != null) {
                    next.setObject(1, after);
                }
                List<Object> batch = new ArrayList<>(GROUPS);
                try (ResultSet rs = read.executeQuery()) {
                    if (type == null) {
                        type = rs.getMetaData().getColumnTypeName(1);
                    }
                    while (rs.next()) {
                        batch.add(rs.getObject(1));
                    }
                }
                if (batch.isEmpty()) {
                    break;
                }
                after = batch.getLast();
                rowsOf.setArray(1, c.createArrayOf(type, batch.toArray()));
                try (ResultSet rs = rowsOf.executeQuery()) {
                    while (rs.next()) {
                        writer.consider(rs);
                    }
                }
                writer.flush();
                if (batch.size() < GROUPS) {
                    break;
                }
            }
        }
        analyze(c, table);
        return writer.changed;
    }

    private static String select(String table, String key, List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no column to segment");
        }
        StringBuilder select = new StringBuilder("SELECT ").append(key);
        for (Column column : columns) {
            select.append(", ").append(column.text()).append(", ").append(column.indexed());
        }
        return select.append(" FROM ").append(table).toString();
    }

    private static void analyze(Connection c, String table) throws SQLException {
        try (Statement analyze = c.createStatement()) {
            analyze.execute("ANALYZE " + table);
        }
    }

    /** Collects the changed rows of a batch and writes them with one UPDATE from arrays. */
    private static final class Writer {
        final Connection c;
        final List<Column> columns;
        final String update;
        final List<Object> keys = new ArrayList<>();
        final List<List<String>> values = new ArrayList<>();
        String keyType;
        int changed;

        Writer(Connection c, String table, String key, List<Column> columns) {
            this.c = c;
            this.columns = columns;
            StringBuilder set = new StringBuilder();
            StringBuilder arrays = new StringBuilder("?");
            StringBuilder names = new StringBuilder("k");
            for (int i = 0; i < columns.size(); i++) {
                set.append(i == 0 ? "" : ", ")
                        .append(columns.get(i).indexed())
                        .append(" = v.c")
                        .append(i);
                arrays.append(", ?");
                names.append(", c").append(i);
                values.add(new ArrayList<>());
            }
            this.update = "UPDATE " + table + " t SET " + set + " FROM unnest(" + arrays + ") AS v(" + names
                    + ") WHERE t." + key + " = v.k";
        }

        /** The current row of {@code rs} (key, then text and indexed text per column): kept if it changes. */
        void consider(ResultSet rs) throws SQLException {
            if (keyType == null) {
                keyType = rs.getMetaData().getColumnTypeName(1);
            }
            List<String> indexed = new ArrayList<>(columns.size());
            boolean differs = false;
            for (int i = 0; i < columns.size(); i++) {
                String now = ChineseText.forIndex(Objects.requireNonNullElse(rs.getString(2 + 2 * i), ""));
                indexed.add(now);
                differs |= !now.equals(rs.getString(3 + 2 * i));
            }
            if (differs) {
                keys.add(rs.getObject(1));
                for (int i = 0; i < indexed.size(); i++) {
                    values.get(i).add(indexed.get(i));
                }
            }
        }

        void flush() throws SQLException {
            if (keys.isEmpty()) {
                return;
            }
            try (PreparedStatement write = c.prepareStatement(update)) {
                write.setArray(1, c.createArrayOf(keyType, keys.toArray()));
                for (int i = 0; i < values.size(); i++) {
                    write.setArray(i + 2, c.createArrayOf("text", values.get(i).toArray()));
                }
                write.executeUpdate();
            }
            changed += keys.size();
            keys.clear();
            values.forEach(List::clear);
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL name: " + name);
        }
    }
}
