package org.borderpolice.federation.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.inbox.Inbox.Accepted;
import org.borderpolice.federation.inbox.Inbox.RecordKey;

/**
 * The inbox's rule for records handed to another jurisdiction (docs/ownership-transfer.md): the
 * old owner's final event of a record names its successor, and nothing newer of that record is
 * taken after it, whether the closing event is held already or comes in the same batch. Older
 * or equal versions stay STALE (or DUPLICATE), as for any record.
 */
final class Transferred {

    static final String REASON = "the record was handed to another jurisdiction, which continues it as a record of "
            + "its own: its former owner can change it no more";

    private Transferred() {}

    /** Events of this batch newer than a closing event (one with a successor) of the same record in it. */
    static List<Accepted> afterClosingInBatch(List<Accepted> events) {
        Map<RecordKey, Long> closedAt = new HashMap<>();
        for (Accepted a : events) {
            if (a.change().successor() != null) {
                closedAt.merge(a.key(), a.change().version(), Math::min);
            }
        }
        List<Accepted> after = new ArrayList<>();
        if (closedAt.isEmpty()) {
            return after;
        }
        for (Accepted a : events) {
            Long closing = closedAt.get(a.key());
            if (closing != null && a.change().version() > closing) {
                after.add(a);
            }
        }
        return after;
    }

    /**
     * Of events that did not move their record's version, those newer than the version at which we
     * hold the record closed: refused rather than STALE. Queried only for events that were not
     * applied, so a batch of ordinary changes costs nothing more.
     */
    static List<Accepted> afterClosingHeld(Connection c, List<Accepted> notApplied) throws SQLException {
        List<Accepted> after = new ArrayList<>();
        if (notApplied.isEmpty()) {
            return after;
        }
        int n = notApplied.size();
        String[] origins = new String[n];
        String[] types = new String[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            origins[i] = notApplied.get(i).change().origin();
            types[i] = notApplied.get(i).change().recordType();
            ids[i] = notApplied.get(i).change().recordId();
        }
        Map<RecordKey, Long> closedAt = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT r.origin, r.record_type, r.record_id, r.version
                FROM federation.replica_state r
                JOIN unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS k(origin, record_type, record_id)
                  ON r.origin = k.origin AND r.record_type = k.record_type AND r.record_id = k.record_id
                WHERE r.successor_id IS NOT NULL""")) {
            select.setArray(1, c.createArrayOf("varchar", origins));
            select.setArray(2, c.createArrayOf("varchar", types));
            select.setArray(3, c.createArrayOf("varchar", ids));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    closedAt.put(new RecordKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4));
                }
            }
        }
        for (Accepted a : notApplied) {
            Long closing = closedAt.get(a.key());
            if (closing != null && a.change().version() > closing) {
                after.add(a);
            }
        }
        return after;
    }
}
