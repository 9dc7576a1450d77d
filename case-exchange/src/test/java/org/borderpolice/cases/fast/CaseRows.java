package org.borderpolice.cases.fast;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.borderpolice.federation.search.ChineseText;

import io.agroal.api.AgroalDataSource;

/** Cases and timeline entries written straight into the tables, as the service and replication leave them. */
abstract class CaseRows {

    /** Case numbers no test through the API reaches. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger(700_000);

    @Inject
    AgroalDataSource db;

    void exec(String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object v = params[i];
                s.setObject(i + 1, v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A case indexed as JointCase.index() does; participants as code, state pairs. */
    UUID kase(String origin, String status, String category, String title, String... participants) {
        return kase(UUID.randomUUID(), origin, status, category, title, participants);
    }

    UUID kase(UUID id, String origin, String status, String category, String title, String... participants) {
        Instant now = Instant.now();
        String summary = "群众报称在廿八都镇附近发现可疑车辆。";
        exec(
                "INSERT INTO joint_case (id, origin, case_number, category, status, title, summary, lead_unit,"
                        + " version, created_at, updated_at, status_changed_at, search_title, search_summary)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, '刑侦大队', 1, ?, ?, ?, ?, ?)",
                id,
                origin,
                "%s-2026-%06d".formatted(origin, SEQUENCE.getAndIncrement()),
                category,
                status,
                title,
                summary,
                now,
                now,
                now,
                ChineseText.forIndex(title),
                ChineseText.forIndex(summary));
        for (int i = 0; i < participants.length; i += 2) {
            exec(
                    "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at) VALUES (?, ?, ?, ?)",
                    id,
                    participants[i],
                    participants[i + 1],
                    now);
        }
        return id;
    }

    void timeline(UUID caseId, String origin, String text) {
        exec(
                "INSERT INTO case_timeline_entry (id, case_id, case_origin, kind, author_jurisdiction, author, text,"
                        + " occurred_at, search_text) VALUES (?, ?, ?, 'NOTE', ?, '民警', ?, ?, ?)",
                UUID.randomUUID(),
                caseId,
                origin,
                origin,
                text,
                Instant.now(),
                ChineseText.forIndex(text));
    }
}
