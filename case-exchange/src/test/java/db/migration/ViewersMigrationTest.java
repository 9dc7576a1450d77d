package db.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import org.borderpolice.federation.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V123: a case's viewers on its row (its origin, and while it is no draft its participating codes),
 * for the cases an older release left and after every later change of status or participants; kept
 * in the row (storage PLAIN) and beside the words in every text index. Flyway and the embedded
 * server, no Quarkus.
 */
class ViewersMigrationTest {

    static final String JIANGSHAN = "330881";
    static final String PUCHENG = "350722";
    static final String GUANGFENG = "361103";

    /** Cases whose viewers are not the visibility rule of CaseRepository.VISIBLE, from the participant rows. */
    static final String OUT_OF_STEP = """
            SELECT count(*) FROM joint_case c WHERE c.viewers IS DISTINCT FROM
              ARRAY[c.origin::text] || CASE WHEN c.status = 'DRAFT' THEN '{}'::text[] ELSE ARRAY(
                SELECT p.jurisdiction::text FROM case_participant p
                WHERE p.case_id = c.id AND p.state IN ('INVITED', 'ACCEPTED') ORDER BY p.jurisdiction) END""";

    PostgresServer.Database db;
    int numbers;

    @BeforeEach
    void olderRelease() {
        db = PostgresServer.get().createDatabase("cases_v123");
        db.migrateService("122");
    }

    UUID kase(String origin, String status, String... participants) {
        UUID id = UUID.randomUUID();
        db.execute("""
                INSERT INTO joint_case (id, origin, case_number, category, status, title, summary, lead_unit, version,
                  created_at, updated_at, status_changed_at)
                VALUES (?, ?, ?, 'SMUGGLING', ?, '走私案', '案情', '治安大队', 1, now(), now(), now())""", id, origin, String.format("%s-2026-%06d", origin, ++numbers), status);
        for (int i = 0; i < participants.length; i += 2) {
            db.execute(
                    "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at) VALUES (?, ?, ?, now())",
                    id,
                    participants[i],
                    participants[i + 1]);
        }
        return id;
    }

    String viewers(UUID id) {
        return ParticipatingMigrationTest.caseText(db, "viewers", id);
    }

    @Test
    void everyCaseSeesItsOriginAndWhileNoDraftItsInvitedAndAcceptedPartners() {
        UUID alone = kase(JIANGSHAN, "OPEN");
        UUID shared = kase(JIANGSHAN, "INVESTIGATING", GUANGFENG, "ACCEPTED", PUCHENG, "DECLINED");
        UUID draft = kase(JIANGSHAN, "DRAFT", PUCHENG, "INVITED");
        UUID partners = kase(PUCHENG, "SOLVED", JIANGSHAN, "ACCEPTED");

        db.migrateService("123");

        assertEquals("{" + JIANGSHAN + "}", viewers(alone));
        assertEquals("{" + JIANGSHAN + "," + GUANGFENG + "}", viewers(shared));
        assertEquals("{" + JIANGSHAN + "}", viewers(draft), "a draft is its origin's alone");
        assertEquals("{" + PUCHENG + "," + JIANGSHAN + "}", viewers(partners));
        assertEquals(0, db.count(OUT_OF_STEP));

        // later changes: a draft opened, a partner invited, one declining, one removed
        db.execute("UPDATE joint_case SET status = 'OPEN' WHERE id = ?", draft);
        db.execute(
                "INSERT INTO case_participant (case_id, jurisdiction, state, invited_at) VALUES (?, ?, 'INVITED', now())",
                alone,
                PUCHENG);
        db.execute(
                "UPDATE case_participant SET state = 'DECLINED' WHERE case_id = ? AND jurisdiction = ?",
                shared,
                GUANGFENG);
        db.execute(
                "UPDATE case_participant SET state = 'REMOVED' WHERE case_id = ? AND jurisdiction = ?",
                partners,
                JIANGSHAN);
        assertEquals("{" + JIANGSHAN + "," + PUCHENG + "}", viewers(draft));
        assertEquals("{" + JIANGSHAN + "," + PUCHENG + "}", viewers(alone));
        assertEquals("{" + JIANGSHAN + "}", viewers(shared));
        assertEquals("{" + PUCHENG + "}", viewers(partners));
        // and back to a draft: the partners no longer see it
        db.execute("UPDATE joint_case SET status = 'DRAFT' WHERE id = ?", alone);
        assertEquals("{" + JIANGSHAN + "}", viewers(alone));
        assertEquals(0, db.count(OUT_OF_STEP));

        // nobody writes it
        assertThrows(
                RuntimeException.class,
                () -> db.execute("UPDATE joint_case SET viewers = '{350722}' WHERE id = ?", alone));
    }

    @Test
    void theViewersStayInTheRowAndBesideTheWordsInEveryTextIndex() {
        db.migrateService("123");
        assertEquals(
                1,
                db.count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'joint_case'::regclass"
                        + " AND attname = 'viewers' AND attstorage = 'p'"));
        assertEquals(
                7,
                db.count(
                        "SELECT count(*) FROM pg_indexes WHERE tablename = 'joint_case'"
                                + " AND indexname LIKE 'joint_case_search%' AND indexdef LIKE '%gin (search_vector, viewers)%'"));
        assertEquals(
                0,
                db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'joint_case'"
                        + " AND indexdef LIKE '%gin (search_vector)%'"));
    }
}
