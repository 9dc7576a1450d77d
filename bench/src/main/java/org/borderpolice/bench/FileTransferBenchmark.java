package org.borderpolice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.S3Server;
import org.borderpolice.federation.testing.TestFederation;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/**
 * A 25 MB evidence file replicated from Jiangshan to Pucheng (two testbed processes, one
 * PostgreSQL server): uploaded to a probe at Jiangshan, announced to Pucheng with the probe's
 * record, fetched by Pucheng's fetcher over FileTransferService into its file store and verified
 * by SHA-256. Timed at Pucheng from the start of its fetch (its file row created) to the file
 * complete (every byte stored and the hash matched), from the database's own clock. Compared, in
 * the same run, with a plain gRPC stream of the same number of bytes in the same chunks between
 * two local processes (PlainStreamServer: bytes from memory, received and dropped), one of its
 * rounds right after each of the suite's, so that both see the same machine, then the disk alone
 * ({@link DiskWrite}). Prints the median of
 * {@code bench.rounds} (3) after {@code bench.warmup} (30) untimed rounds each; asserts nothing.
 */
public final class FileTransferBenchmark {

    static final int SIZE = Integer.getInteger("bench.file-bytes", 25 * 1024 * 1024);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int CHUNK = Integer.getInteger("bench.chunk-bytes", 1024 * 1024);
    /**
     * Untimed rounds first: a steady state is measured. The JIT of the JVMs on two cores settles over
     * some 25 transfers (20-40 ms of it per round after 30, 50-120 ms after 10).
     */
    static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    /**
     * Where both jurisdictions keep files (border.federation.files.store): "postgresql", or "s3":
     * one s3proxy process (S3Server, filesystem backend) with a bucket per jurisdiction.
     */
    static final String STORE = System.getProperty("bench.file-store", "postgresql");

    public static void main(String[] args) throws Exception {
        System.out.printf(
                "File transfer benchmark: %,d bytes, chunks of %,d, %d rounds after %d of warm-up, file store %s, %d cores%n%n",
                SIZE, CHUNK, ROUNDS, WARMUP, STORE, Runtime.getRuntime().availableProcessors());
        // the receive windows to compare in the same run (border.federation.grpc.flow-control-window;
        // empty: the service's default only)
        List<String> windows = List.of(System.getProperty("bench.windows", "").split(",")).stream()
                .map(String::strip)
                .filter(w -> !w.isEmpty())
                .toList();
        Map<String, List<Double>> suites = new java.util.LinkedHashMap<>();
        List<Double> plain;
        List<Double> disk;
        try (PlainStream stream = new PlainStream();
                DiskWrite writes = new DiskWrite()) {
            stream.disk = writes;
            if (windows.isEmpty()) {
                suites.put("default", suite(null, stream));
            } else {
                for (String w : windows) {
                    System.out.println("-- window " + w);
                    suites.put(w, suite(w, stream));
                }
            }
            plain = stream.rates;
            disk = writes.rates;
        }
        double p = median(plain);
        System.out.println();
        System.out.println("=== " + String.format("%,d", SIZE) + " bytes, median of " + ROUNDS + " ===");
        suites.forEach((w, suite) -> {
            double s = median(suite);
            System.out.printf(
                    "suite A -> B (fetch, store, verify), window %s  %8.1f MB/s   rounds %s   suite / plain %.2f%n",
                    w, s, format(suite), s / p);
        });
        System.out.printf("plain gRPC stream, process to process %8.1f MB/s   rounds %s%n", p, format(plain));
        double d = median(disk);
        System.out.printf(
                "disk alone (%,d-byte files written and kept) %8.1f MB/s   rounds %s   disk / plain %.2f%n",
                CHUNK, d, format(disk), d / p);
        System.exit(0);
    }

    static List<Double> suite(String window, PlainStream plain) throws Exception {
        TestFederation federation =
                new TestFederation("testbed", "testbed", TestFederation.JIANGSHAN, TestFederation.PUCHENG);
        var app = JurisdictionProcess.packagedApplication();
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "border.federation.files.chunk-size",
                String.valueOf(CHUNK),
                "border.federation.files.fetch.every",
                "1s"));
        // the fetcher's timeline of each file (first byte, last byte, stored, complete), printed per round
        settings.put("quarkus.log.category.\"org.borderpolice.federation.files\".level", "DEBUG");
        if (window != null) {
            settings.put("border.federation.grpc.flow-control-window", window);
        }
        Map<String, String> settingsOfA = new java.util.HashMap<>(settings);
        Map<String, String> settingsOfB = new java.util.HashMap<>(settings);
        S3Server s3 = null;
        if (STORE.equals("s3")) {
            s3 = S3Server.get();
            settingsOfA.putAll(s3.fileStoreSettings(s3.createBucket("jiangshan")));
            settingsOfB.putAll(s3.fileStoreSettings(s3.createBucket("pucheng")));
        } else if (STORE.equals("directory")) {
            // a folder per jurisdiction on this machine's disk; fsync as durable as PostgreSQL's commits
            java.nio.file.Path folders = java.nio.file.Files.createTempDirectory("bench-files");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var all = java.nio.file.Files.walk(folders)) {
                    all.sorted(java.util.Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                } catch (java.io.IOException e) {
                    System.err.println("could not remove " + folders + ": " + e);
                }
            }));
            String fsync = String.valueOf(Boolean.getBoolean("PG_DURABLE"));
            settingsOfA.putAll(Map.of(
                    "border.federation.files.store",
                    "directory",
                    "border.federation.files.directory.path",
                    folders.resolve("jiangshan").toString(),
                    "border.federation.files.directory.fsync",
                    fsync));
            settingsOfB.putAll(Map.of(
                    "border.federation.files.store",
                    "directory",
                    "border.federation.files.directory.path",
                    folders.resolve("pucheng").toString(),
                    "border.federation.files.directory.fsync",
                    fsync));
            System.out.println("directory store under " + folders + ", fsync " + fsync);
        } else if (!STORE.equals("postgresql")) {
            throw new IllegalArgumentException("bench.file-store: postgresql, s3 or directory, not " + STORE);
        }
        ProcessHandle s3proxy = s3 == null ? null : ProcessHandle.of(s3.pid()).orElseThrow();
        JurisdictionProcess a = federation.process(TestFederation.JIANGSHAN, app, settingsOfA);
        JurisdictionProcess b = federation.process(TestFederation.PUCHENG, app, settingsOfB);
        JurisdictionProcess.startAll(Duration.ofSeconds(120), a, b);
        PostgresServer.Database bDb = federation.database(TestFederation.PUCHENG);
        String token = federation
                .issuer(TestFederation.JIANGSHAN)
                .token(TestFederation.JIANGSHAN)
                .roles("integrator")
                .sign();
        HttpClient http = HttpClient.newHttpClient();
        String probe = http.send(
                        HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/probes"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"count\":1,\"title\":\"bench\","
                                        + "\"distribution\":[\"" + TestFederation.JIANGSHAN + "\",\""
                                        + TestFederation.PUCHENG + "\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body()
                .replaceAll("[\\[\\]\" ]", "");
        List<Double> rates = new ArrayList<>();
        List<Double> owner = new ArrayList<>();
        ManagedChannel toOwner = NettyChannelBuilder.forAddress("localhost", a.httpPort())
                .usePlaintext()
                .maxInboundMessageSize(4 * 1024 * 1024)
                .initialFlowControlWindow(window == null ? 8 * 1024 * 1024 : Integer.parseInt(window))
                .build();
        ProcessHandle postmaster = Cpu.postmaster(bDb);
        String jfrDir = System.getProperty("bench.jfr", "");
        java.nio.file.Path jfr =
                jfrDir.isBlank() ? null : java.nio.file.Path.of(jfrDir).toAbsolutePath();
        Map<String, JurisdictionProcess> processes = new java.util.LinkedHashMap<>();
        processes.put("jiangshan-sender" + (window == null ? "" : "-" + window), a);
        processes.put("pucheng-receiver" + (window == null ? "" : "-" + window), b);
        // the build slots are held while the rounds run, not while the processes start
        try (BuildSlots slots = BuildSlots.hold()) {
            PostgresServer.get().takeTopStatements(0);
            for (int round = 1 - WARMUP; round <= ROUNDS; round++) {
                if (round == 1) {
                    // what the rounds after the warm-up spend: JFR and PostgreSQL's statements
                    if (jfr != null) {
                        java.nio.file.Files.createDirectories(jfr);
                        for (JurisdictionProcess p : processes.values()) {
                            GatewayOverheadBenchmark.Jfr.jcmd(
                                    p.pid(),
                                    "JFR.start",
                                    "name=load",
                                    "settings=" + System.getProperty("bench.jfr-settings", "profile"));
                        }
                    }
                    PostgresServer.get().takeTopStatements(0);
                }
                // tokens of each round's own: the wait for the build slots may outlast any minted before
                String uploader = federation
                        .issuer(TestFederation.JIANGSHAN)
                        .token(TestFederation.JIANGSHAN)
                        .roles("integrator")
                        .sign();
                io.grpc.Metadata headers = new io.grpc.Metadata();
                headers.put(
                        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                        "Bearer "
                                + federation
                                        .issuer(TestFederation.PUCHENG)
                                        .token(TestFederation.JIANGSHAN)
                                        .roles("peer")
                                        .sign());
                var ownerStub = FileTransferServiceGrpc.newBlockingStub(toOwner)
                        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
                byte[] bytes = new byte[SIZE];
                new Random(round).nextBytes(bytes);
                System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 9);
                HttpResponse<String> uploaded = http.send(
                        HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/v1/probes/" + probe + "/files"))
                                .header("Authorization", "Bearer " + uploader)
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (uploaded.statusCode() != 200) {
                    throw new IllegalStateException("upload: " + uploaded.statusCode() + " " + uploaded.body());
                }
                String id = uploaded.body().replaceAll(".*\"fileId\":\"([^\"]+)\".*", "$1");
                // CPU from the upload's answer (intake done) to the file complete at Pucheng
                long cpuA = a.cpuTime().toMillis();
                long cpuB = b.cpuTime().toMillis();
                long cpuPg = Cpu.postgresMillis(postmaster);
                long jitA = Cpu.jitMillis(a.pid());
                long jitB = Cpu.jitMillis(b.pid());
                long cpuS3 = cpuMillis(s3proxy);
                double seconds = awaitComplete(bDb, id);
                double rate = SIZE / 1e6 / seconds;
                System.out.printf(
                        "suite %s: %.3f s, %.1f MB/s   CPU ms: Jiangshan %d (JIT %d), Pucheng %d (JIT %d),"
                                + " PostgreSQL %d%s   load %s%n",
                        round <= 0 ? "warm-up" : "round " + round,
                        seconds,
                        rate,
                        a.cpuTime().toMillis() - cpuA,
                        Cpu.jitMillis(a.pid()) - jitA,
                        b.cpuTime().toMillis() - cpuB,
                        Cpu.jitMillis(b.pid()) - jitB,
                        Cpu.postgresMillis(postmaster) - cpuPg,
                        s3proxy == null ? "" : ", s3proxy " + (cpuMillis(s3proxy) - cpuS3),
                        BuildSlots.loadAverage());
                b.logText()
                        .lines()
                        .filter(line -> line.contains("file " + id + " of "))
                        .forEach(line -> System.out.println("    " + line.replaceAll("^.*(file " + id + ")", "$1")));
                // the owner's side of the same call: its authorisation, reads, audit entry, first message
                a.logText()
                        .lines()
                        .filter(line -> line.contains("file " + id + " served to " + TestFederation.PUCHENG))
                        .forEach(line ->
                                System.out.println("    owner: " + line.replaceAll("^.*(file " + id + ")", "$1")));
                // the owner alone: the same file fetched from Jiangshan as Pucheng fetches it (peer
                // token, same receive window), bytes dropped: what serving costs without storing
                long cpuOwner = a.cpuTime().toMillis();
                long cpuOwnerS3 = cpuMillis(s3proxy);
                double ownerSeconds = fetchFromOwner(ownerStub, id);
                System.out.printf(
                        "  owner alone %s: %.3f s, %.1f MB/s   CPU ms: Jiangshan %d%s%n",
                        round <= 0 ? "warm-up" : "round " + round,
                        ownerSeconds,
                        SIZE / 1e6 / ownerSeconds,
                        a.cpuTime().toMillis() - cpuOwner,
                        s3proxy == null ? "" : ", s3proxy " + (cpuMillis(s3proxy) - cpuOwnerS3));
                // the plain stream's round right after, on the same machine
                plain.round(round);
                if (round > 0) {
                    rates.add(rate);
                    owner.add(SIZE / 1e6 / ownerSeconds);
                }
            }
            System.out.printf("  owner alone, median %.1f MB/s   rounds %s%n", median(owner), format(owner));
            List<java.nio.file.Path> recordings = MixedLoadBenchmark.Jfr.dump(jfr, processes);
            recordings.forEach(r -> System.out.println("  JFR: " + r));
            List<String> top = PostgresServer.get().takeTopStatements(10);
            if (!top.isEmpty()) {
                System.out.println("  PostgreSQL's heaviest statements over the rounds (both databases):");
                top.forEach(line -> System.out.println("    " + line));
            }
        } finally {
            toOwner.shutdownNow();
            JurisdictionProcess.stopAll(a, b);
        }
        return rates;
    }

    /** CPU time of a process (0 for none). */
    static long cpuMillis(ProcessHandle process) {
        return process == null
                ? 0
                : process.info().totalCpuDuration().orElse(Duration.ZERO).toMillis();
    }

    /** Seconds from Pucheng's fetch start to the file complete there, by the database's clock. */
    static double awaitComplete(PostgresServer.Database db, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Connection c = db.connect();
                    PreparedStatement select = c.prepareStatement("""
                            SELECT extract(epoch FROM completed_at - created_at) FROM federation.file
                            WHERE id = ?::uuid AND complete""")) {
                select.setString(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        return rs.getDouble(1);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("file " + id + " not complete at Pucheng within 5 minutes");
    }

    /** Seconds to fetch a file from its owner and drop its bytes. */
    static double fetchFromOwner(FileTransferServiceGrpc.FileTransferServiceBlockingStub stub, String id) {
        long start = System.nanoTime();
        long received = 0;
        Iterator<FileChunk> chunks = stub.withDeadlineAfter(5, TimeUnit.MINUTES)
                .fetch(FetchRequest.newBuilder().setFileId(id).build());
        while (chunks.hasNext()) {
            received += chunks.next().getData().size();
        }
        if (received != SIZE) {
            throw new IllegalStateException("the owner served " + received + " bytes");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The plain gRPC stream: a server process that streams the same bytes in the same chunks from
     * memory, this process receiving and dropping them. Its rounds run between the suite's, so
     * that both see the same machine (a plain stream timed minutes later varied 132-368 MB/s).
     */
    static final class PlainStream implements AutoCloseable {

        private final Process server;
        private final ManagedChannel channel;
        private final FileTransferServiceGrpc.FileTransferServiceBlockingStub stub;
        final List<Double> rates = new ArrayList<>();

        PlainStream() throws IOException {
            int port = TestFederation.freePort();
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            for (String arg : System.getProperty("border.process.jvm-args", "-Xms512m -Xmx1g")
                    .split("\\s+")) {
                if (!arg.isBlank()) {
                    command.add(arg);
                }
            }
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    PlainStreamServer.class.getName(),
                    String.valueOf(port),
                    String.valueOf(SIZE),
                    String.valueOf(CHUNK)));
            server = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream()));
            StringBuilder startup = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ready")) {
                startup.append(line).append('\n');
            }
            if (line == null) {
                server.destroyForcibly();
                throw new IllegalStateException("the plain stream server ended before it was ready:\n" + startup);
            }
            channel = NettyChannelBuilder.forAddress("localhost", port)
                    .usePlaintext()
                    .maxInboundMessageSize(4 * 1024 * 1024)
                    .build();
            stub = FileTransferServiceGrpc.newBlockingStub(channel);
        }

        /** One transfer of the file; printed, and kept when {@code round} is a timed one. */
        void round(int round) {
            long cpuServer =
                    server.info().totalCpuDuration().orElse(Duration.ZERO).toMillis();
            long cpuClient = Cpu.ownMillis();
            long start = System.nanoTime();
            long received = 0;
            Iterator<FileChunk> chunks = stub.withDeadlineAfter(5, TimeUnit.MINUTES)
                    .fetch(FetchRequest.newBuilder().setFileId("plain").build());
            while (chunks.hasNext()) {
                received += chunks.next().getData().size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (received != SIZE) {
                throw new IllegalStateException("plain stream gave " + received + " bytes");
            }
            double rate = SIZE / 1e6 / seconds;
            System.out.printf(
                    "  plain %s: %.3f s, %.1f MB/s   CPU ms: server %d, client %d   load %s%n",
                    round <= 0 ? "warm-up" : "round " + round,
                    seconds,
                    rate,
                    server.info().totalCpuDuration().orElse(Duration.ZERO).toMillis() - cpuServer,
                    Cpu.ownMillis() - cpuClient,
                    BuildSlots.loadAverage());
            if (round > 0) {
                rates.add(rate);
            }
            if (disk != null) {
                disk.round(round);
            }
        }

        /** The disk alone, timed right after each round: see {@link DiskWrite}. */
        DiskWrite disk;

        @Override
        public void close() {
            channel.shutdownNow();
            server.destroyForcibly();
        }
    }

    /**
     * What this machine's disk takes alone: the same number of bytes written by this process into
     * new files of one chunk each (a file channel, a temporary name moved into place, as the
     * directory store writes a part; no fsync, as the bench's stores), kept until the end like the
     * stored files of the rounds, so that the page cache fills as it does for the suite. Every byte
     * the suite stores is written at least once (PostgreSQL: into its WAL and its table), so the
     * suite cannot beat this; next to the plain stream it bounds the ratio the suite can reach on
     * this machine. Timed with the writing thread's CPU (user and kernel).
     */
    static final class DiskWrite implements AutoCloseable {

        private final java.nio.file.Path folder;
        private final java.nio.ByteBuffer bytes;
        final List<Double> rates = new ArrayList<>();
        private int files;

        DiskWrite() throws IOException {
            folder = java.nio.file.Files.createTempDirectory("bench-disk");
            byte[] content = new byte[CHUNK];
            new Random(11).nextBytes(content);
            bytes = java.nio.ByteBuffer.wrap(content);
        }

        void round(int round) {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            try {
                for (long written = 0; written < SIZE; written += CHUNK) {
                    java.nio.file.Path part = folder.resolve("part-" + files++);
                    java.nio.file.Path temporary = folder.resolve(part.getFileName() + ".tmp");
                    try (var out = java.nio.channels.FileChannel.open(
                            temporary,
                            java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        java.nio.ByteBuffer chunk = bytes.duplicate().limit((int) Math.min(CHUNK, SIZE - written));
                        while (chunk.hasRemaining()) {
                            out.write(chunk);
                        }
                    }
                    java.nio.file.Files.move(temporary, part, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "  disk %s: %.3f s, %.1f MB/s   CPU ms: %d%n",
                    round <= 0 ? "warm-up" : "round " + round,
                    seconds,
                    SIZE / 1e6 / seconds,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
            if (round > 0) {
                rates.add(SIZE / 1e6 / seconds);
            }
        }

        @Override
        public void close() throws IOException {
            try (var all = java.nio.file.Files.walk(folder)) {
                all.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String format(List<Double> values) {
        return values.stream().map(v -> String.format("%.1f", v)).toList().toString();
    }
}
