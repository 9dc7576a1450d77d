package org.borderpolice.mediation.fast;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.proto.replication.v1.Outcome;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.testing.JurisdictionTestResource;
import org.borderpolice.federation.testing.ReplicationClient;
import org.borderpolice.federation.validation.RecordIds;

import io.agroal.api.AgroalDataSource;
import io.restassured.specification.RequestSpecification;

/**
 * Users of Jiangshan and its partners as the team tests call the service, and what the tests
 * find in place: disputes and partners' mediators as replication would have left them (written
 * with SQL: their own REST and appliers are other tests').
 */
final class TeamFixtures {

    /** 邵武 (350781): a partner in the test's trust list whose agreement grants intelligence, not mediation. */
    static final String SHAOWU = "350781";

    private TeamFixtures() {}

    /** A user of Jiangshan, the jurisdiction under test. */
    static RequestSpecification home(String... roles) {
        return as(JurisdictionTestResource.SELF, roles);
    }

    static RequestSpecification homeUser(String subject, String... roles) {
        return given().auth()
                .oauth2(JurisdictionTestResource.issuer(SELF)
                        .token(SELF)
                        .roles(roles)
                        .subject(subject)
                        .unit("坛石派出所")
                        .sign());
    }

    /** A user of {@code code} calling Jiangshan's service. */
    static RequestSpecification as(String code, String... roles) {
        return given().auth()
                .oauth2(JurisdictionTestResource.issuer(code)
                        .token(SELF)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    /** A party of a dispute fixture: its jurisdiction and preferred language. */
    record Party(String jurisdiction, String language) {}

    /** A dispute of {@code origin} with these parties, held here, involving the origin and the parties' jurisdictions. */
    static UUID dispute(AgroalDataSource db, String origin, String status, Party... parties) {
        UUID id = RecordIds.create(origin);
        Timestamp now = Timestamp.from(Instant.now());
        update(db, """
                INSERT INTO dispute (id, origin, channel, kind, status, title, description, reported_at, risk_level,
                    consent, tier, tier_rule, version, created_at, updated_at, status_changed_at)
                VALUES (?, ?, 'WALK_IN', 'LAND_BOUNDARY', ?, '山林界址纠纷', '江山、浦城两村村民因山林界址发生争执。', ?, 'MEDIUM',
                    TRUE, 'CITY_CENTRE', 'fixture', 1, ?, ?, ?)""", id, origin, status, now, now, now, now);
        java.util.Set<String> involved = new java.util.TreeSet<>(List.of(origin));
        for (int i = 0; i < parties.length; i++) {
            update(
                    db,
                    "INSERT INTO dispute_party (dispute_id, position, kind, role, name, jurisdiction, preferred_language)"
                            + " VALUES (?, ?, 'PERSON', ?, ?, ?, ?)",
                    id,
                    (short) i,
                    i == 0 ? "APPLICANT" : "RESPONDENT",
                    "当事人" + i,
                    parties[i].jurisdiction(),
                    parties[i].language());
            involved.add(parties[i].jurisdiction());
        }
        for (String code : involved) {
            update(db, "INSERT INTO dispute_jurisdiction (dispute_id, jurisdiction) VALUES (?, ?)", id, code);
        }
        return id;
    }

    /** A partner's mediator as its replica would be held here. */
    static UUID partnerMediator(
            AgroalDataSource db, String origin, String kind, String name, String nationality, String... languages) {
        UUID id = RecordIds.create(origin);
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO mediator (id, origin, kind, name, unit, nationality, languages, active, version,
                            created_at, updated_at)
                        VALUES (?, ?, ?, ?, '司法所', ?, ?, TRUE, 1, ?, ?)""")) {
            s.setObject(1, id);
            s.setString(2, origin);
            s.setString(3, kind);
            s.setString(4, name);
            s.setString(5, nationality);
            s.setArray(6, c.createArrayOf("varchar", languages));
            s.setTimestamp(7, now);
            s.setTimestamp(8, now);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    static void update(AgroalDataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(AgroalDataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code from} delivering a record of its own (version 1) to us, as its relay would. */
    static Outcome deliver(String from, String type, String recordId, com.google.protobuf.Message m) {
        return deliver(from, type, recordId, 1, m);
    }

    /** The same at {@code version}; a null message is the record's deletion (a tombstone). */
    static Outcome deliver(String from, String type, String recordId, long version, com.google.protobuf.Message m) {
        org.borderpolice.federation.proto.replication.v1.ReplicationEvent.Builder b =
                org.borderpolice.federation.proto.replication.v1.ReplicationEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOrigin(from)
                        .setRecordType(type)
                        .setRecordId(recordId)
                        .setVersion(version)
                        .setOccurredAt(ProtoTime.timestamp(java.time.Instant.now()))
                        .addAllDistribution(List.of(from, JIANGSHAN));
        org.borderpolice.federation.proto.replication.v1.ReplicationEvent e =
                (m == null ? b.setTombstone(true) : b.setPayload(com.google.protobuf.Any.pack(m))).build();
        try (ReplicationClient client = new ReplicationClient(JurisdictionTestResource.port())) {
            return client.deliver(
                            JurisdictionTestResource.issuer(from)
                                    .token(JIANGSHAN)
                                    .roles("peer")
                                    .sign(),
                            e)
                    .getResults(0)
                    .getOutcome();
        }
    }
}
