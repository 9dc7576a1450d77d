package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * What a refused caller's token claims, read without trusting it, for the audit entry; and what a
 * flood of refusals costs (review of issue 21, audit #7): per source and reason the first few one
 * by one, the rest as one counted entry; a queue bounded by bytes; a batch that could not be
 * written counted and written later; everything queued written at shutdown.
 */
class RefusedAccessTest {

    static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void theClaimsOfAPresentedTokenAreNamed() {
        String claimed = RefusedAccess.claimedBy(
                "Bearer "
                        + jwt(
                                "{\"iss\":\"https://idp.330822.example\",\"sub\":\"officer-9\",\"jurisdiction\":\"330822\",\"exp\":1}"));
        assertEquals("{iss=\"https://idp.330822.example\", sub=\"officer-9\"}", claimed);
    }

    /** Final review #8: only iss, sub and azp of a token nobody vouched for, 64 characters each. */
    @Test
    void onlyThreeShortClaimsOfAnUnverifiedToken() {
        String claimed = RefusedAccess.claimedBy("Bearer "
                + jwt("{\"iss\":\"" + "i".repeat(300) + "\",\"sub\":\""
                        + "s".repeat(300) + "\",\"azp\":\"relay\",\"preferred_username\":\"" + "p".repeat(300)
                        + "\",\"aud\":[\"" + "a".repeat(300) + "\"],\"jurisdiction\":\"330822\"}"));
        assertEquals("{iss=\"" + "i".repeat(63) + ", sub=\"" + "s".repeat(63) + ", azp=\"relay\"}", claimed);
    }

    /** Final review #8: a source is an IPv6 /64 or an IPv4 /24, which an attacker has all of at once. */
    @Test
    void tenThousandAddressesOfOneNetworkAreOneSource() {
        RefusedAccess refused = refusals(Map.of());
        for (int i = 0; i < 10_000; i++) {
            refuse(
                    refused,
                    "[2001:db8:1:2:" + Integer.toHexString(i) + ":0:0:" + Integer.toHexString(i * 7 % 65536) + "]:443");
        }
        refused.flush();
        assertEquals(10, rows(RefusedAccess.ACTION));
        assertEquals(1, rows(RefusedAccess.REPEATED));
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = ? AND detail LIKE "
                                + "'9990 more refused accesses from 2001:db8:1:2::/64 between %'",
                        RefusedAccess.REPEATED));
        assertEquals("10.1.2.0/24", RefusedAccess.network("10.1.2.3:5555"));
        assertEquals("2001:db8::/64", RefusedAccess.network("/[2001:db8::1]:80"));
        assertEquals("2001:db8::/64", RefusedAccess.network("2001:db8::ff"));
        assertEquals("unknown", RefusedAccess.network(null));
        assertEquals("not-an-address", RefusedAccess.network("not-an-address"));
    }

    @Test
    void noTokenOrAnUnreadableOne() {
        assertNull(RefusedAccess.claimedBy(null));
        assertNull(RefusedAccess.claimedBy("Basic dXNlcjpwdw=="));
        assertEquals("(not a JWT)", RefusedAccess.claimedBy("Bearer opaque"));
        assertEquals("(unreadable token)", RefusedAccess.claimedBy("Bearer a.!!!.c"));
        assertTrue(
                RefusedAccess.claimedBy("Bearer " + jwt("{\"sub\":\"" + "x".repeat(500) + "\"}"))
                                .length()
                        < 260,
                "a claim is clipped");
    }

    PostgresServer.Database db;
    AgroalDataSource dataSource;

    RefusedAccess refusals(Map<String, String> settings) {
        db = PostgresServer.get().createDatabase("refused");
        db.migrateFederation();
        try {
            dataSource = newPool();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> p = new HashMap<>(Map.of("border.federation.audit.refusal-summary-every", "1h"));
        p.putAll(settings);
        FederationConfig config = TestConfigs.jiangshan(p);
        return new RefusedAccess(new AuditLog(dataSource), dataSource, config);
    }

    AgroalDataSource newPool() throws java.sql.SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(4)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(db.jdbcUrl())
                                .principal(new NamePrincipal(db.application().user()))
                                .credential(new SimplePassword(db.application().password())))));
    }

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    long rows(String action) {
        return db.count("SELECT count(*) FROM federation.audit_log WHERE action = ?", action);
    }

    static void refuse(RefusedAccess refused, String from) {
        refused.record(
                "rest",
                "GET /api/v1/federation/outbox 401",
                "a valid bearer token is required",
                null,
                null,
                null,
                from);
    }

    @Test
    void aFloodFromOneSourceIsRecordedAFewByOneAndTheRestAsACount() {
        RefusedAccess refused = refusals(Map.of());
        for (int i = 0; i < 2_000; i++) {
            refuse(refused, "10.0.0.1:" + (40_000 + i % 1000));
        }
        for (int i = 0; i < 3; i++) {
            refuse(refused, "10.0.1.2:5000"); // another /24
        }
        refused.flush();
        assertEquals(13, rows(RefusedAccess.ACTION), "ten of the first source, three of the second");
        assertEquals(1, rows(RefusedAccess.REPEATED));
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = ? AND detail LIKE "
                                + "'1990 more refused accesses from 10.0.0.0/24 between % (a valid bearer token is required)%'",
                        RefusedAccess.REPEATED));
        // the next interval starts afresh
        refuse(refused, "10.0.0.1:1");
        refused.flush();
        assertEquals(14, rows(RefusedAccess.ACTION));
    }

    @Test
    void theQueueIsBoundedByBytes() {
        RefusedAccess refused = refusals(Map.of(
                "border.federation.audit.refusal-queue-bytes",
                "5000",
                "border.federation.audit.refusal-detail-per-source",
                "1000"));
        String longWhy = "x".repeat(3_000);
        for (int i = 0; i < 50; i++) {
            refused.record("rest", "GET /p 401", longWhy, null, null, null, "10.0.0.3:1");
        }
        refused.flush();
        long written = rows(RefusedAccess.ACTION);
        assertTrue(written >= 1 && written <= 4, written + " entries of about 2 kB (1,000 characters at most) in 5 kB");
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = ? AND detail LIKE ?",
                        RefusedAccess.DROPPED,
                        (50 - written) + " refused accesses were not recorded%"));
    }

    @Test
    void aBatchThatCouldNotBeWrittenIsCountedAndWrittenLater() {
        RefusedAccess refused = refusals(Map.of());
        for (int i = 0; i < 3; i++) {
            refuse(refused, "10.0.0.4:1");
        }
        PostgresServer.get().setReachable(db, false);
        try {
            refused.flush();
        } finally {
            PostgresServer.get().setReachable(db, true);
        }
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        assertEquals(0, rows(RefusedAccess.ACTION));
        refused.flush();
        assertEquals(
                1,
                db.count(
                        "SELECT count(*) FROM federation.audit_log WHERE action = ? AND detail LIKE ?",
                        RefusedAccess.DROPPED,
                        "3 refused accesses were not recorded%"));
    }

    @Test
    void whatIsQueuedAtShutdownIsWritten() {
        RefusedAccess refused = refusals(Map.of());
        refused.start(null);
        for (int i = 0; i < 15; i++) {
            refuse(refused, "10.0.0.5:1");
        }
        refused.stop(null);
        assertEquals(10, rows(RefusedAccess.ACTION));
        assertEquals(1, rows(RefusedAccess.REPEATED), "the count of the rest too");
    }
}
