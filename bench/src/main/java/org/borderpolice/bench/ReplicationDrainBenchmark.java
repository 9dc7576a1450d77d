package org.borderpolice.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
    /** Events drained first by the same processes and not timed (warm JIT), as a sender up all along. */
    static final int WARMUP = Integer.getInteger("bench.warmup-events", 200_000);

    /**
     * Event ids as Outbox.publish makes them (version 7: time first); record ids random, as
     * RecordIds makes them past their jurisdiction prefix.
     */
    static final String EVENT_ID = "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing"
            + " substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)"
            + " from 1 for 6), 52, 1), 53, 1), 'hex')::uuid";

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

    /**
     * Start both processes, drain a warm-up backlog (not timed), then fill the outbox with N rows
     * in one transaction and time from the first delivery until it is empty.
     */
    static double suiteDrain() throws Exception {
        TestFederation federation =
                new TestFederation("testbed", "testbed", TestFederation.JIANGSHAN, TestFederation.PUCHENG);
        var app = JurisdictionProcess.packagedApplication();
        String batchSize = System.getProperty("bench.batch-size", "1000");
        // the receiver's limits per partner are for a federation's everyday traffic; this bench
        // measures how fast one relay can drain a backlog, so Pucheng takes all it is sent
        Map<String, String> receiverSettings = new java.util.LinkedHashMap<>(Map.of(
                "border.federation.grpc.inbound.requests",
                "100000000",
                "border.federation.grpc.inbound.max-batch-events",
                batchSize));
        for (String setting : System.getProperty("bench.receiver-settings", "").split(",")) {
            if (!setting.isBlank()) {
                String[] nameValue = setting.split("=", 2);
                receiverSettings.put(nameValue[0].trim(), nameValue[1].trim());
            }
        }
        System.out.println("suite: receiver settings " + receiverSettings);
        JurisdictionProcess pucheng = federation
                .process(TestFederation.PUCHENG, app, receiverSettings)
                .startAndAwait();
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
        JurisdictionProcess relay = federation
                .process(TestFederation.JIANGSHAN, app, Map.of("border.federation.relay.batch-size", batchSize))
                .start();
        relay.awaitReady(java.time.Duration.ofMinutes(3));
        // a sender that has been up all along has compiled its relay; a cold one spends most of a
        // short drain in its JIT compiler (C1/C2 took over half of both JVMs' CPU in a cold drain)
        if (WARMUP > 0) {
            fill(jiangshan, payload, encodedSize, WARMUP);
            long warmStart = System.nanoTime();
            awaitEmpty(jiangshan, relay, WARMUP, warmStart);
            System.out.printf(
                    "suite: warm-up backlog of %,d drained in %.2f s (cold processes, not counted)%n",
                    WARMUP, seconds(warmStart));
        }
        // the relay's lease, held by the bench while the backlog is written and the build slots
        // awaited, so that nothing is delivered before the slots are held
        Connection lease = jiangshan.connect();
        long leaseWait = System.nanoTime();
        while (!relayLease(lease, "pg_try_advisory_lock")) {
            if (seconds(leaseWait) > 120) {
                throw new IllegalStateException("the relay kept its lease for 2 minutes after the warm-up");
            }
            Thread.sleep(50);
        }
        long fillStart = System.nanoTime();
        fill(jiangshan, payload, encodedSize, N);
        System.out.printf("suite: backlog of %,d outbox rows written in %.2f s%n", N, seconds(fillStart));
        // the slots while the drain is timed; released when it is over
        BuildSlots slots = BuildSlots.hold();
        relayLease(lease, "pg_advisory_unlock");
        lease.close();
        List<JurisdictionProcess> processes = List.of(relay, pucheng);
        long[] cpuBefore =
                processes.stream().mapToLong(p -> p.cpuTime().toMillis()).toArray();
        long[] jitBefore =
                processes.stream().mapToLong(p -> Cpu.jitMillis(p.pid())).toArray();
        ProcessHandle postmaster = Cpu.postmaster(jiangshan);
        long postgresBefore = Cpu.postgresMillis(postmaster);
        PostgresServer.get().takeTopStatements(0); // counts from here on (PG_STAT_STATEMENTS=true)
        long machineBefore = Cpu.machineMillis();
        long started = System.nanoTime();
        long drainStart = awaitEmpty(jiangshan, relay, N, started);
        long end = System.nanoTime();
        slots.close();
        System.out.printf("suite: load average at the end of the drain %s%n", BuildSlots.loadAverage());
        long held = puchengDb.count("SELECT count(*) FROM probe_replica");
        long expected = N + WARMUP;
        double drainSeconds = (end - drainStart) / 1e9;
        System.out.printf(
                "suite: backlog committed to first delivery %.2f s; drained %,d in %.2f s; Pucheng holds %,d replicas%n",
                (drainStart - started) / 1e9, N, drainSeconds, held);
        if (held != expected) {
            System.out.printf("suite: WARNING Pucheng holds %,d, expected %,d%n", held, expected);
        }
        double wallMillis = (end - started) / 1e6;
        for (int i = 0; i < processes.size(); i++) {
            long used = processes.get(i).cpuTime().toMillis() - cpuBefore[i];
            long jit = Cpu.jitMillis(processes.get(i).pid()) - jitBefore[i];
            System.out.printf(
                    "suite: %s CPU %.1f µs per event (%.0f%% of one core), of which JIT compiler %.1f µs%n",
                    i == 0 ? "sender (relay)" : "receiver (inbox)",
                    1000.0 * used / N,
                    100.0 * used / wallMillis,
                    1000.0 * jit / N);
        }
        long postgres = Cpu.postgresMillis(postmaster) - postgresBefore;
        PostgresServer.get().takeTopStatements(15).forEach(line -> System.out.println("suite:   " + line));
        System.out.printf(
                "suite: PostgreSQL (the server of both databases) CPU %.1f µs per event (%.0f%% of one core); machine busy %.0f%% of %d cores%n",
                1000.0 * postgres / N,
                100.0 * postgres / wallMillis,
                100.0
                        * (Cpu.machineMillis() - machineBefore)
                        / wallMillis
                        / Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors());
        relay.stop();
        pucheng.stop();
        return N / drainSeconds;
    }

    /** Take or give back the lease of Jiangshan's relay for Pucheng (PartnerDelivery's advisory lock). */
    static boolean relayLease(Connection c, String function) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT " + function + "(" + 0x426f72 + ", hashtext('border.relay." + TestFederation.PUCHENG + "'))")) {
            try (var rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static long delivered(PostgresServer.Database db) {
        return db.count("SELECT coalesce(sum(delivered_total), 0) FROM federation.partner_delivery");
    }

    /** One transaction of {@code events} outbox rows for Pucheng, as Outbox.publish would write them. */
    static void fill(PostgresServer.Database jiangshan, Any payload, int encodedSize, int events) throws SQLException {
        try (Connection c = jiangshan.connect();
                PreparedStatement fill = c.prepareStatement("""
                INSERT INTO federation.outbox (destination, event_id, record_type, record_id, version, occurred_at,
                    distribution, tombstone, payload_type, payload, encoded_size)
                SELECT ?, %s, 'testbed.probe', %s::text, 1, now(),
                       ARRAY[?, ?]::varchar[], false, ?, ?, ?
                FROM generate_series(1, ?)""".formatted(EVENT_ID, "gen_random_uuid()"))) {
            fill.setString(1, TestFederation.PUCHENG);
            fill.setString(2, TestFederation.JIANGSHAN);
            fill.setString(3, TestFederation.PUCHENG);
            fill.setString(4, payload.getTypeUrl());
            fill.setBytes(5, payload.getValue().toByteArray());
            fill.setInt(6, encodedSize);
            fill.setInt(7, events);
            fill.executeUpdate();
        }
    }

    /** Wait until Jiangshan's outbox is empty; returns when it first shrank (the first delivery). */
    static long awaitEmpty(PostgresServer.Database jiangshan, JurisdictionProcess relay, long total, long started)
            throws InterruptedException {
        long drainStart = 0;
        // the relay's own count of what the partner acknowledged: one row, unlike count(*) over the
        // outbox, which took a quarter of the server's time when polled every 100 ms
        long before = delivered(jiangshan);
        while (true) {
            long left = total - (delivered(jiangshan) - before);
            if (drainStart == 0 && left < total) {
                drainStart = System.nanoTime();
            }
            if (left == 0) {
                return drainStart == 0 ? System.nanoTime() : drainStart;
            }
            if (seconds(started) > 600) {
                throw new IllegalStateException(
                        "drain did not finish in 10 minutes; left " + left + "\n" + relay.logTail());
            }
            Thread.sleep(100);
        }
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
                BuildSlots slots = BuildSlots.hold();
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
                slots.close();
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
            BuildSlots slots = BuildSlots.hold();
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
            slots.close();
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
