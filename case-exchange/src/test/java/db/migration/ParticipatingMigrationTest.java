package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V122: the participating codes on the case row. The fill gives the cases an older release left
 * exactly the jurisdictions whose participant row is invited or accepted, in code order; the
 * trigger follows later changes, also when two writers change one case's participants at once
 * without holding its row (a tool's SQL). Flyway and the embedded server, no Quarkus.
 */
class ParticipatingMigrationTest {

    static final String PUCHENG = "350722";
    static final String GUANGFENG = "361103";
    static final String SHAOWU = "350781";
    static final String CHANGSHAN = "330822";

    /** Cases whose codes differ from their participant rows. */
    static final String OUT_OF_STEP = """
            SELECT count(*) FROM joint_case c WHERE c.participating IS DISTINCT FROM ARRAY(
              SELECT p.jurisdiction::text FROM case_participant p
              WHERE p.case_id = c.id AND p.state IN ('INVITED', 'ACCEPTED') ORDER BY p.jurisdiction)""";

    PostgresServer.Database db;
    int numbers;

    @BeforeEach
    void olderRelease() {
        db = PostgresServer.get().createDatabase("cases_v122");
        db.migrateService("121");
    }

    UUID kase(String status, String... participants) {
        UUID id = UUID.randomUUID();
        db.execute("""
                INSERT INTO joint_case (id, origin, case_number, category, status, title, summary, lead_unit, version,
                  created_at, updated_at, status_changed_at)
                VALUES (?, '330881', ?, 'SMUGGLING', ?, '走私案', '案情', '治安大队', 1, now(), now(), now())""", id, String.format("330881-2026-%06d", ++numbers), status);
        for (int i = 0; i < participants.length; i += 2) {
            participant(id, participants[i], participants[i + 1]);
        }
        return id;
    }

    void participant(UUID id, String code, String state) {
        db.execute(
                "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at) VALUES (?, ?, ?, ?)",
                id,
                code,
                state,
                java.sql.Timestamp.from(Instant.now()));
    }

    String codes(UUID id) {
        return caseText(db, "participating", id);
    }

    /** One column of a case, as text (both migration tests of the case row's codes read them so). */
    static String caseText(PostgresServer.Database db, String column, UUID id) {
        try (var c = db.connect();
                var s = c.prepareStatement("SELECT " + column + "::text FROM joint_case WHERE id = ?")) {
            s.setObject(1, id);
            try (var rs = s.executeQuery()) {
                assertTrue(rs.next(), "case " + id);
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theFillGivesEveryCaseItsInvitedAndAcceptedPartnersInCodeOrder() {
        UUID none = kase("OPEN");
        // inserted out of code order, one of each state
        UUID mixed = kase(
                "INVESTIGATING", GUANGFENG, "ACCEPTED", SHAOWU, "DECLINED", PUCHENG, "INVITED", CHANGSHAN, "REMOVED");
        UUID onlyGone = kase("OPEN", PUCHENG, "DECLINED", GUANGFENG, "REMOVED");
        UUID draft = kase("DRAFT", PUCHENG, "INVITED");

        db.migrateService("122");

        assertEquals(0, db.count(OUT_OF_STEP));
        assertEquals("{}", codes(none));
        assertEquals("{" + PUCHENG + "," + GUANGFENG + "}", codes(mixed));
        assertEquals("{}", codes(onlyGone));
        // a draft's codes are kept too: the rule, not the copy, hides drafts from partners
        assertEquals("{" + PUCHENG + "}", codes(draft));

        // and the trigger follows what comes after
        db.execute(
                "UPDATE case_participant SET state = 'REMOVED' WHERE case_id = ? AND jurisdiction = ?", mixed, PUCHENG);
        db.execute(
                "UPDATE case_participant SET state = 'INVITED' WHERE case_id = ? AND jurisdiction = ?",
                onlyGone,
                PUCHENG);
        participant(none, SHAOWU, "INVITED");
        db.execute("DELETE FROM case_participant WHERE case_id = ? AND jurisdiction = ?", draft, PUCHENG);
        assertEquals("{" + GUANGFENG + "}", codes(mixed));
        assertEquals("{" + PUCHENG + "}", codes(onlyGone));
        assertEquals("{" + SHAOWU + "}", codes(none));
        assertEquals("{}", codes(draft));
        assertEquals(0, db.count(OUT_OF_STEP));
    }

    /**
     * A removal and an invitation of one case in two transactions, neither holding the case row:
     * the second waits for the first and then reads what it committed. Reading before the wait, it
     * would have kept the removed partner's code (the partner would still find the case).
     */
    @Test
    void twoWritersRacingOnOneCaseLeaveTheCodesOfBoth() throws Exception {
        db.migrateService("122");
        UUID id = kase("OPEN", GUANGFENG, "ACCEPTED");
        assertEquals("{" + GUANGFENG + "}", codes(id));

        try (Connection removing = db.connect();
                Connection inviting = db.connect()) {
            removing.setAutoCommit(false);
            inviting.setAutoCommit(false);
            int invitingPid = backendPid(inviting);
            try (var s = removing.prepareStatement(
                    "UPDATE case_participant SET state = 'REMOVED' WHERE case_id = ? AND jurisdiction = ?")) {
                s.setObject(1, id);
                s.setString(2, GUANGFENG);
                assertEquals(1, s.executeUpdate());
            }
            CompletableFuture<Integer> invited = CompletableFuture.supplyAsync(() -> {
                try (var s = inviting.prepareStatement(
                        "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at) VALUES (?, ?, 'INVITED', now())")) {
                    s.setObject(1, id);
                    s.setString(2, PUCHENG);
                    return s.executeUpdate();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the invitation's trigger waits for the case row the removal's trigger holds
            Await.until(
                    Duration.ofSeconds(30),
                    () -> db.count(
                                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'",
                                    invitingPid)
                            == 1,
                    () -> "the invitation waits for the case's lock");
            removing.commit();
            assertEquals(1, invited.get(30, TimeUnit.SECONDS));
            inviting.commit();
        }

        assertEquals("{" + PUCHENG + "}", codes(id), "the removed partner's code gone, the invited one's there");
        assertEquals(0, db.count(OUT_OF_STEP));
    }

    static int backendPid(Connection c) throws java.sql.SQLException {
        try (var s = c.createStatement();
                var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
