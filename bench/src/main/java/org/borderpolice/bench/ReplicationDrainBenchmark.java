package org.borderpolice.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Drains a backlog of N events for one partner and compares with what users would pick instead.
 *
 * <ol>
 * <li>Suite: N outbox rows at Jiangshan for Pucheng; Jiangshan's relay delivers them over gRPC to
 * Pucheng's inbox (both real processes, databases on one PostgreSQL server).</li>
 * <li>PostgreSQL logical replication of N rows of the same shape between two local servers.</li>
 * <li>Batched INSERT of N rows of the same shape: the physical limit of writing them once.</li>
 * </ol>
 * Prints figures; asserts nothing.
 */
public final class ReplicationDrainBenchmark {

    static final int N = Integer.getInteger("bench.events", 100_000);
    static final String TITLE = "跨区域警务协作 benchmark event";

    public static void main(String[] args) throws Exception {
        System.out.printf(
                "Replication drain benchmark: %,d events, %d cores%n%n",
                N, Runtime.getRuntime().availableProcessors());
        double suite = suiteDrain();
        double logical = logicalReplication();
        double insert = batchedInsert();
        System.out.println();
        System.out.println("=== Replication drain, " + String.format("%,d", N) + " events ===");
        System.out.printf("suite outbox -> gRPC -> inbox   %,10.0f events/s   (%.2f s to empty)%n", suite, N / suite);
        System.out.printf(
                "PostgreSQL logical replication  %,10.0f rows/s     (%.2f s to apply)%n", logical, N / logical);
        System.out.printf("batched INSERT (physical limit) %,10.0f rows/s     (%.2f s)%n", insert, N / insert);
        System.out.printf("suite / logical replication     %10.2f%n", suite / logical);
        System.out.printf("suite / batched insert          %10.2f%n", suite / insert);
        System.exit(0);
    }

    /** Fill the outbox with the relay off, then start the relay and time until it is empty. */
    static double suiteDrain() throws Exception {
        TestFederation federation =
                new TestFederation("testbed", "testbed", TestFederation.JIANGSHAN, TestFederation.PUCHENG);
        var app = JurisdictionProcess.packagedApplication();
        String batchSize = System.getProperty("bench.batch-size", "500");
        // the receiver's limits per partner are for a federation's everyday traffic; this bench
        // measures how fast one relay can drain a backlog, so Pucheng takes all it is sent
        JurisdictionProcess pucheng = federation
                .process(
                        TestFederation.PUCHENG,
                        app,
                        Map.of(
                                "border.federation.grpc.inbound.requests",
                                "100000000",
                                "border.federation.grpc.inbound.max-batch-events",
                                batchSize))
                .startAndAwait();
        JurisdictionProcess filler = federation
                .process(TestFederation.JIANGSHAN, app, Map.of("border.federation.relay.enabled", "false"))
                .startAndAwait();
        filler.stop();
        PostgresServer.Database jiangshan = federation.database(TestFederation.JIANGSHAN);
        PostgresServer.Database puchengDb = federation.database(TestFederation.PUCHENG);
        Any payload = Any.pack(StringValue.of(TITLE));
        // each row's event size, as Outbox.publish stores it (the largest timestamp: never too small)
        int encodedSize = com.google.protobuf.CodedOutputStream.computeMessageSize(
                3,
                org.borderpolice.federation.proto.replication.v1.ReplicationEvent.newBuilder()
                        .setEventId(java.util.UUID.randomUUID().toString())
                        .setOrigin(TestFederation.JIANGSHAN)
                        .setRecordType("testbed.probe")
                        .setRecordId(java.util.UUID.randomUUID().toString())
                        .setVersion(1)
                        .setOccurredAt(com.google.protobuf.Timestamp.newBuilder()
                                .setSeconds(java.time.Instant.now().getEpochSecond())
                                .setNanos(999_999_000))
                        .addDistribution(TestFederation.JIANGSHAN)
                        .addDistribution(TestFederation.PUCHENG)
                        .setPayload(payload)
                        .build());
        long fillStart = System.nanoTime();
        try (Connection c = jiangshan.connect();
                PreparedStatement fill = c.prepareStatement("""
                INSERT INTO federation.outbox (destination, event_id, record_type, record_id, version, occurred_at,
                    distribution, tombstone, payload_type, payload, encoded_size)
                SELECT ?, gen_random_uuid(), 'testbed.probe', gen_random_uuid()::text, 1, now(),
                       ARRAY[?, ?]::varchar[], false, ?, ?, ?
                FROM generate_series(1, ?)""")) {
            fill.setString(1, TestFederation.PUCHENG);
            fill.setString(2, TestFederation.JIANGSHAN);
            fill.setString(3, TestFederation.PUCHENG);
            fill.setString(4, payload.getTypeUrl());
            fill.setBytes(5, payload.getValue().toByteArray());
            fill.setInt(6, encodedSize);
            fill.setInt(7, N);
            fill.executeUpdate();
        }
        System.out.printf("suite: backlog of %,d outbox rows written in %.2f s%n", N, seconds(fillStart));

        JurisdictionProcess relay = federation
                .process(TestFederation.JIANGSHAN, app, Map.of("border.federation.relay.batch-size", batchSize))
                .start();
        long started = System.nanoTime();
        long drainStart = 0;
        while (true) {
            long left = jiangshan.count("SELECT count(*) FROM federation.outbox");
            if (drainStart == 0 && left < N) {
                drainStart = System.nanoTime();
            }
            if (left == 0) {
                break;
            }
            if (seconds(started) > 600) {
                throw new IllegalStateException(
                        "drain did not finish in 10 minutes; left " + left + "\n" + relay.logTail());
            }
            Thread.sleep(100);
        }
        long end = System.nanoTime();
        long held = puchengDb.count("SELECT count(*) FROM probe_replica");
        double drainSeconds = (end - drainStart) / 1e9;
        System.out.printf(
                "suite: relay process start to first delivery %.2f s; drained %,d in %.2f s; "
                        + "Pucheng holds %,d replicas%n",
                (drainStart - started) / 1e9, N, drainSeconds, held);
        if (held != N) {
            System.out.printf("suite: WARNING Pucheng holds %,d, expected %,d%n", held, N);
        }
        relay.stop();
        pucheng.stop();
        return N / drainSeconds;
    }

    /** Two local PostgreSQL servers: publish a table, subscribe, insert N rows, time until applied. */
    static double logicalReplication() throws Exception {
        try (EmbeddedPostgres publisher = logicalServer();
                EmbeddedPostgres subscriber = logicalServer()) {
            String ddl = """
                    CREATE TABLE event (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id UUID NOT NULL,
                        record_type VARCHAR(100) NOT NULL, record_id VARCHAR(64) NOT NULL, version BIGINT NOT NULL,
                        occurred_at TIMESTAMPTZ NOT NULL, distribution VARCHAR(6)[] NOT NULL, tombstone BOOLEAN NOT NULL,
                        payload_type VARCHAR(200), payload BYTEA)""";
            try (Connection pub = publisher.getPostgresDatabase().getConnection();
                    Connection sub = subscriber.getPostgresDatabase().getConnection();
                    Statement ps = pub.createStatement();
                    Statement ss = sub.createStatement()) {
                ps.execute(ddl);
                ss.execute(ddl);
                ps.execute("CREATE PUBLICATION bench FOR TABLE event");
                ss.execute("CREATE SUBSCRIPTION bench CONNECTION 'host=localhost port=" + publisher.getPort()
                        + " user=postgres dbname=postgres' PUBLICATION bench WITH (copy_data = false)");
                waitForSubscription(ps);
                Any payload = Any.pack(StringValue.of(TITLE));
                long start = System.nanoTime();
                try (PreparedStatement insert = pub.prepareStatement("""
                        INSERT INTO event (event_id, record_type, record_id, version, occurred_at, distribution,
                            tombstone, payload_type, payload)
                        SELECT gen_random_uuid(), 'testbed.probe', gen_random_uuid()::text, 1, now(),
                               ARRAY['330881', '350722']::varchar[], false, ?, ?
                        FROM generate_series(1, ?)""")) {
                    insert.setString(1, payload.getTypeUrl());
                    insert.setBytes(2, payload.getValue().toByteArray());
                    insert.setInt(3, N);
                    insert.executeUpdate();
                }
                long committed = System.nanoTime();
                while (count(ss, "SELECT count(*) FROM event") < N) {
                    if (seconds(committed) > 600) {
                        throw new IllegalStateException("logical replication did not finish in 10 minutes");
                    }
                    Thread.sleep(50);
                }
                double applySeconds = seconds(committed);
                System.out.printf(
                        "logical replication: %,d rows inserted in %.2f s, applied at the subscriber "
                                + "%.2f s after commit%n",
                        N, (committed - start) / 1e9, applySeconds);
                ss.execute("DROP SUBSCRIPTION bench");
                return N / applySeconds;
            }
        }
    }

    /** Batched JDBC INSERT of N outbox-shaped rows with distinct payloads, one transaction. */
    static double batchedInsert() throws SQLException {
        PostgresServer.Database db = PostgresServer.get().createDatabase("bench_insert");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE event (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id UUID NOT NULL,
                        record_type VARCHAR(100) NOT NULL, record_id VARCHAR(64) NOT NULL, version BIGINT NOT NULL,
                        occurred_at TIMESTAMPTZ NOT NULL, distribution VARCHAR(6)[] NOT NULL, tombstone BOOLEAN NOT NULL,
                        payload_type VARCHAR(200), payload BYTEA)""");
            c.setAutoCommit(false);
            var distribution = c.createArrayOf("varchar", new String[] {"330881", "350722"});
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO event (event_id, record_type, record_id, version, occurred_at, distribution, tombstone,
                        payload_type, payload) VALUES (?, 'testbed.probe', ?, 1, now(), ?, false, ?, ?)""")) {
                for (int i = 0; i < N; i++) {
                    Any payload = Any.pack(StringValue.of(TITLE + " #" + i));
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, UUID.randomUUID().toString());
                    insert.setArray(3, distribution);
                    insert.setString(4, payload.getTypeUrl());
                    insert.setBytes(5, payload.getValue().toByteArray());
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            double secs = seconds(start);
            System.out.printf("batched insert: %,d rows in %.2f s%n", N, secs);
            return N / secs;
        }
    }

    static EmbeddedPostgres logicalServer() throws Exception {
        return EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                .setServerConfig("fsync", "off")
                .start();
    }

    static void waitForSubscription(Statement publisher) throws Exception {
        long start = System.nanoTime();
        while (count(publisher, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") < 1) {
            if (seconds(start) > 60) {
                throw new IllegalStateException("subscription did not start streaming");
            }
            Thread.sleep(100);
        }
    }

    static long count(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private ReplicationDrainBenchmark() {}
}
