package org.borderpolice.mediation.fast;

import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.mediation.service.SessionReminders;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * 明日调解会: each of our mediators on a session scheduled for tomorrow is told, as their own
 * user, once; nobody else, and nothing for a cancelled session or one on another day.
 */
@QuarkusTest
@WithTestResource(
        value = JurisdictionTestResource.class,
        initArgs = {
            @ResourceArg(name = "service", value = "joint-mediation"),
            @ResourceArg(name = "categories", value = "mediation")
        })
class SessionReminderTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    AgroalDataSource db;

    @Inject
    SessionReminders reminders;

    long newest() {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM federation.notification")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mediator of {@code origin} with a user account (or none). */
    UUID mediator(String origin, String account) {
        UUID id = RecordIds.create(origin);
        Timestamp now = Timestamp.from(Instant.now());
        TeamFixtures.update(db, """
                INSERT INTO mediator (id, origin, kind, name, unit, languages, account, active, version, created_at,
                    updated_at)
                VALUES (?, ?, 'POLICE', '调解员', '三山边界社会治理中心', '{zh}', ?, TRUE, 1, ?, ?)""", id, origin, account, now, now);
        return id;
    }

    UUID session(UUID dispute, Instant startsAt, String status, UUID... mediators) {
        UUID id = RecordIds.create(SELF);
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO mediation_session (id, dispute_id, dispute_origin, starts_at, ends_at, mode, place,
                            mediator_ids, status, outcome, version, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'OFFLINE', '三山边界社会治理中心', ?, ?, NULL, 1, ?, ?)""")) {
            s.setObject(1, id);
            s.setObject(2, dispute);
            s.setString(3, SELF);
            s.setTimestamp(4, Timestamp.from(startsAt));
            s.setTimestamp(5, Timestamp.from(startsAt.plus(Duration.ofHours(2))));
            s.setArray(6, c.createArrayOf("uuid", mediators));
            s.setString(7, status);
            s.setTimestamp(8, now);
            s.setTimestamp(9, now);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    static List<String> sessionsTold(RequestSpecification caller, long after) {
        return caller.queryParam("after", after)
                .get("/api/v1/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.kind == 'mediation.session-tomorrow' }.recordId");
    }

    @Test
    void ourMediatorsOfTomorrowsSessionAreToldOnceAsThemselves() {
        long before = newest();
        String account = "mediator-" + UUID.randomUUID();
        String colleague = "mediator-" + UUID.randomUUID();
        UUID ours = mediator(SELF, account);
        UUID otherOfOurs = mediator(SELF, colleague);
        UUID withoutAccount = mediator(SELF, null);
        UUID puchengs = mediator(PUCHENG, "pucheng-" + account);
        UUID dispute = TeamFixtures.dispute(db, SELF, "MEDIATING", new TeamFixtures.Party(PUCHENG, "zh"));

        Instant now = Instant.now();
        LocalDate tomorrow = LocalDate.ofInstant(now, ZONE).plusDays(1);
        Instant tomorrowMorning = tomorrow.atTime(9, 30).atZone(ZONE).toInstant();
        UUID tomorrows = session(dispute, tomorrowMorning, "SCHEDULED", ours, withoutAccount, puchengs);
        session(dispute, tomorrowMorning.plus(Duration.ofHours(4)), "CANCELLED", ours, otherOfOurs);
        session(dispute, tomorrowMorning.plus(Duration.ofDays(2)), "SCHEDULED", ours, otherOfOurs);

        reminders.remind(now);
        reminders.remind(now);

        assertEquals(List.of(tomorrows.toString()), sessionsTold(TeamFixtures.homeUser(account, "mediator"), before));
        String title = TeamFixtures.homeUser(account, "mediator")
                .queryParam("after", before)
                .get("/api/v1/notifications")
                .then()
                .extract()
                .jsonPath()
                .getString("find { it.kind == 'mediation.session-tomorrow' }.title");
        assertEquals("明日09:30 线下调解会，三山边界社会治理中心：山林界址纠纷", title);
        // a colleague on no session of tomorrow, other mediators and commanders: nothing; Pucheng's
        // mediator at our service: refused
        assertEquals(List.of(), sessionsTold(TeamFixtures.homeUser(colleague, "mediator"), before));
        assertEquals(List.of(), sessionsTold(TeamFixtures.home("mediator", "commander"), before));
        TeamFixtures.as(PUCHENG, "mediator")
                .queryParam("after", before)
                .get("/api/v1/notifications")
                .then()
                .statusCode(403);
    }
}
