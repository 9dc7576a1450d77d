package org.borderpolice.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

/**
 * 调解笔记 latency between two real processes: a land-boundary dispute taken in at Jiangshan, its
 * joint team of a Jiangshan and a Pucheng mediator, {@code bench.sessions} (50) sessions; Pucheng's
 * mediator writes notes at Pucheng ({@code POST .../sessions/{s}/notes}, Pucheng's REST API),
 * {@code bench.rate} (50) a second spread over the sessions, for {@code bench.seconds} (60) after
 * {@code bench.warmup-seconds} (60) of the same. Each note is timed from Pucheng's POST returning
 * 201 to the note in the session's notes at Jiangshan ({@code GET .../sessions/{s}/notes} as
 * Jiangshan's team mediator reads them), polled by one client: every session with a note not yet
 * seen, one after the other, then {@code bench.poll-millis} (5 ms) of rest; {@code bench.poll}
 * {@code after} (default) reads only what arrived since the cursor of the session's last answer
 * ({@code ?after=}), {@code all} the whole list every time. A note counts as
 * visible when the answer of the first poll that lists it arrives. Also printed: the same to
 * Jiangshan's inbox transaction that stored it ({@code inbox_event.received_at}, same machine
 * clock), and the CPU per note. Asserts nothing.
 */
public final class SessionNoteLatencyBenchmark {

    static final String J = TestFederation.JIANGSHAN;
    static final String P = TestFederation.PUCHENG;
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern CURSOR = Pattern.compile("\"cursor\":\"([A-Za-z0-9_-]+)\"");
    static final String CENTRE = "三山边界社会治理中心";

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 50);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int warmup = Integer.getInteger("bench.warmup-seconds", 60);
        int sessionCount = Integer.getInteger("bench.sessions", 50);
        long pollMillis = Long.getLong("bench.poll-millis", 5);
        // after: each session read since the cursor of its last answer (only the new notes); all: the whole list
        boolean pollAfter = !"all".equals(System.getProperty("bench.poll", "after"));
        TestFederation federation = new TestFederation("joint-mediation", "mediation", J, P);
        Path app = JurisdictionProcess.packagedApplication();
        Map<String, String> settings = Map.of("quarkus.log.level", "WARN");
        JurisdictionProcess jiangshan = federation.process(J, app, settings);
        JurisdictionProcess pucheng = federation.process(P, app, settings);
        JurisdictionProcess.startAll(Duration.ofSeconds(180), jiangshan, pucheng);
        AlertQueryBenchmark.print(PostgresServer.get().describe() + "\n");
        BenchHttp http = new BenchHttp(16);
        String jMediator = token(federation, J, "js-bench-mediator", "mediator");
        String pMediator = token(federation, P, "pc-bench-mediator", "mediator");
        String jCommander = token(federation, J, "js-commander", "commander");
        String pCommander = token(federation, P, "pc-commander", "commander");

        String js = register(http, jiangshan, jCommander, "POLICE", "江山民警", "js-bench-mediator");
        String pc = register(http, pucheng, pCommander, "JUDICIAL_OFFICE", "浦城司法所调解员", "pc-bench-mediator");
        Await.until(
                Duration.ofSeconds(120),
                () -> http.get(jiangshan.baseUrl() + "/api/v1/mediators/" + pc, jMediator) == 200,
                () -> "Pucheng's mediator in Jiangshan's directory");
        String dispute = id(http.post(jiangshan.baseUrl() + "/api/v1/disputes", dispute(), jMediator), 201);
        String base = "/api/v1/disputes/" + dispute;
        BenchHttp.Reply team = http.put(
                jiangshan.baseUrl() + base + "/team", "{\"mediators\":[\"" + js + "\",\"" + pc + "\"]}", jMediator);
        if (team.status() != 200) {
            throw new IllegalStateException("the team: " + team.status() + " " + team.body());
        }
        List<String> sessions = new ArrayList<>();
        Instant day = Instant.now()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(1))
                .plus(Duration.ofHours(1));
        for (int i = 0; i < sessionCount; i++) {
            Instant startsAt = day.plus(Duration.ofDays(i));
            sessions.add(id(
                    http.post(
                            jiangshan.baseUrl() + base + "/sessions",
                            "{\"startsAt\":\"" + startsAt.atOffset(ZoneOffset.UTC) + "\",\"endsAt\":\""
                                    + startsAt.plus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC)
                                    + "\",\"mode\":\"OFFLINE\",\"place\":\"" + CENTRE + "\",\"mediators\":[\"" + js
                                    + "\",\"" + pc + "\"]}",
                            jMediator),
                    201));
        }
        String lastSession = sessions.get(sessions.size() - 1);
        Await.until(
                Duration.ofSeconds(120),
                () -> http.getReply(pucheng.baseUrl() + base + "/sessions", pMediator)
                        .body()
                        .contains(lastSession),
                () -> "the sessions at Pucheng");
        AlertQueryBenchmark.print(String.format(
                "a dispute at Jiangshan, its team of a Jiangshan and a Pucheng mediator and %d sessions known at"
                        + " Pucheng%n",
                sessions.size()));

        Map<String, Instant> returned = new ConcurrentHashMap<>();
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        // the sessions with a note written at Pucheng and not yet seen at Jiangshan: what the poller reads
        Map<String, Set<String>> pending = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger polls = new AtomicInteger();
        long[] pollNanos = new long[1];
        Map<String, String> cursors = new ConcurrentHashMap<>();
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                for (String session : List.copyOf(pending.keySet())) {
                    long start = System.nanoTime();
                    String cursor = cursors.get(session);
                    BenchHttp.Reply reply = http.getReply(
                            jiangshan.baseUrl() + base + "/sessions/" + session + "/notes"
                                    + (pollAfter && cursor != null ? "?after=" + cursor : ""),
                            jMediator);
                    Instant answered = Instant.now();
                    pollNanos[0] += System.nanoTime() - start;
                    polls.incrementAndGet();
                    if (pollAfter) {
                        // in arrival order: the last cursor is where the next read of the session starts
                        Matcher c = CURSOR.matcher(reply.body());
                        while (c.find()) {
                            cursors.put(session, c.group(1));
                        }
                    }
                    Set<String> waiting = pending.get(session);
                    Matcher m = ID.matcher(reply.body());
                    while (m.find()) {
                        if (waiting.remove(m.group(1))) {
                            seen.putIfAbsent(m.group(1), answered);
                        }
                    }
                    pending.computeIfPresent(session, (k, v) -> v.isEmpty() ? null : v);
                }
                LockSupport.parkNanos(Duration.ofMillis(pollMillis).toNanos());
            }
        });
        poller.setDaemon(true);
        poller.start();

        ExecutorService senders = Executors.newFixedThreadPool(8);
        AtomicInteger failed = new AtomicInteger();
        long pace = Duration.ofSeconds(1).toNanos() / rate;
        int warmupNotes = warmup * rate;
        int measuredNotes = seconds * rate;
        List<String> measured = Collections.synchronizedList(new ArrayList<>());
        long[] cpuBefore = new long[5];
        // this bench's server only: other benches' and tests' embedded servers share the machine
        ProcessHandle postmaster = Cpu.postmaster(federation.database(J));
        try (BuildSlots slots = BuildSlots.hold()) {
            long first = System.nanoTime() + pace;
            long wallStart = 0;
            for (int i = 0; i < warmupNotes + measuredNotes; i++) {
                if (i == warmupNotes) {
                    wallStart = System.nanoTime();
                    cpuBefore[0] = jiangshan.cpuTime().toMillis();
                    cpuBefore[1] = pucheng.cpuTime().toMillis();
                    cpuBefore[2] = Cpu.postgresMillis(postmaster);
                    cpuBefore[4] = Cpu.machineMillis();
                    cpuBefore[3] = Cpu.ownMillis();
                }
                long due = first + i * pace;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                boolean timed = i >= warmupNotes;
                String session = sessions.get(i % sessions.size());
                String body = "{\"text\":\"第" + i + "次记录：浦城方村委同意以1987年界桩为准重新勘界，双方约定下周共同到现场确认。\"}";
                senders.execute(() -> {
                    BenchHttp.Reply reply =
                            http.post(pucheng.baseUrl() + base + "/sessions/" + session + "/notes", body, pMediator);
                    Instant at = Instant.now();
                    Matcher m = ID.matcher(reply.body());
                    if (reply.status() != 201 || !m.find()) {
                        failed.incrementAndGet();
                        return;
                    }
                    String note = m.group(1);
                    returned.put(note, at);
                    // added under the map's lock on the key: the poller drops a session's empty set the same way
                    pending.compute(session, (k, waiting) -> {
                        Set<String> notes = waiting == null ? ConcurrentHashMap.newKeySet() : waiting;
                        notes.add(note);
                        return notes;
                    });
                    if (timed) {
                        measured.add(note);
                    }
                });
            }
            senders.shutdown();
            // on a loaded machine the last sends finish late; every one must have returned before the
            // measured notes are read (a sender still adding to the list broke the check below)
            if (!senders.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the notes were not all sent within 10 minutes");
            }
            double wall = (System.nanoTime() - wallStart) / 1e6;
            Await.until(
                    Duration.ofSeconds(60),
                    () -> measured.stream().allMatch(seen::containsKey),
                    () -> "every note at Jiangshan");
            polling.set(false);
            int n = measured.size();
            AlertQueryBenchmark.print(String.format(
                    "%n=== Session notes written at Pucheng, read at Jiangshan ("
                            + (pollAfter ? "polled after a cursor" : "whole list polled")
                            + "), %d/s for %d s after %d s warm-up ===%n"
                            + "  sent %d (measured %d), failed %d; Jiangshan polled %d times, a poll took %.1f ms on"
                            + " average%n",
                    rate,
                    seconds,
                    warmup,
                    warmupNotes + measuredNotes,
                    n,
                    failed.get(),
                    polls.get(),
                    pollNanos[0] / 1e6 / Math.max(1, polls.get())));
            AlertQueryBenchmark.print(String.format(
                    "  CPU per note: Pucheng %.2f ms, Jiangshan %.2f ms (its polls included), PostgreSQL %.2f ms,"
                            + " load generator %.2f ms; load average %s%n",
                    (pucheng.cpuTime().toMillis() - cpuBefore[1]) / (double) n,
                    (jiangshan.cpuTime().toMillis() - cpuBefore[0]) / (double) n,
                    (Cpu.postgresMillis(postmaster) - cpuBefore[2]) / (double) n,
                    (Cpu.ownMillis() - cpuBefore[3]) / (double) n,
                    BuildSlots.loadAverage()));
            long ours = jiangshan.cpuTime().toMillis()
                    - cpuBefore[0]
                    + pucheng.cpuTime().toMillis()
                    - cpuBefore[1]
                    + Cpu.postgresMillis(postmaster)
                    - cpuBefore[2]
                    + Cpu.ownMillis()
                    - cpuBefore[3];
            long cores = Runtime.getRuntime().availableProcessors();
            double window = (System.nanoTime() - wallStart) / 1e6; // sending and the wait for the last ones
            // how much of the machine was left to the bench: other processes' CPU is what a note waits behind
            AlertQueryBenchmark.print(String.format(
                    "  (measured over %.0f s; the machine's %d cores were %.0f %% busy, this bench's processes %.0f %%)%n",
                    wall / 1000,
                    cores,
                    100.0 * (Cpu.machineMillis() - cpuBefore[4]) / (window * cores),
                    100.0 * ours / (window * cores)));
        }
        long[] visible = measured.stream()
                .mapToLong(
                        id -> Duration.between(returned.get(id), seen.get(id)).toNanos() / 1000)
                .toArray();
        AlertQueryBenchmark.print(AssistanceLatencyBenchmark.figures("visible in Jiangshan's REST notes", visible));
        AlertQueryBenchmark.print(AssistanceLatencyBenchmark.figures(
                "stored at Jiangshan (its inbox)", stored(federation, measured, returned)));
        AlertQueryBenchmark.printTopStatements();
        JurisdictionProcess.stopAll(jiangshan, pucheng);
        System.exit(0);
    }

    /** Microseconds from the POST's return to Jiangshan's receiving transaction, per note. */
    static long[] stored(TestFederation federation, List<String> ids, Map<String, Instant> returned)
            throws SQLException {
        long[] micros = new long[ids.size()];
        try (Connection c = federation.database(J).connect();
                PreparedStatement s = c.prepareStatement("SELECT record_id, received_at FROM federation.inbox_event"
                        + " WHERE record_type = 'mediation.session-note' AND record_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    micros[i++] = Duration.between(
                                            returned.get(rs.getString(1)),
                                            rs.getTimestamp(2).toInstant())
                                    .toNanos()
                            / 1000;
                }
                return Arrays.copyOf(micros, i);
            }
        }
    }

    static String register(
            BenchHttp http, JurisdictionProcess at, String commander, String kind, String name, String account) {
        return id(
                http.post(
                        at.baseUrl() + "/api/v1/mediators",
                        "{\"kind\":\"" + kind + "\",\"name\":\"" + name + "\",\"unit\":\"" + CENTRE
                                + "\",\"languages\":[\"zh\"],\"account\":\"" + account + "\"}",
                        commander),
                201);
    }

    static String dispute() {
        return "{\"channel\":\"PATROL\",\"kind\":\"LAND_BOUNDARY\",\"title\":\"江山浦城两村山林界址纠纷（联合调解）\","
                + "\"description\":\"江山市廿八都镇某村与浦城县某村因山林边界界桩位置发生争执。\",\"place\":\"" + CENTRE
                + "\",\"riskLevel\":\"MEDIUM\",\"riskReasons\":[\"双方村民多次现场对峙\"],\"consent\":true,\"parties\":["
                + "{\"kind\":\"PERSON\",\"role\":\"APPLICANT\",\"name\":\"毛某\",\"jurisdiction\":\"" + J + "\"},"
                + "{\"kind\":\"ORGANISATION\",\"role\":\"RESPONDENT\",\"name\":\"浦城县某村村民委员会\",\"jurisdiction\":\"" + P
                + "\"}]}";
    }

    static String id(BenchHttp.Reply reply, int status) {
        Matcher m = ID.matcher(reply.body());
        if (reply.status() != status || !m.find()) {
            throw new IllegalStateException("expected " + status + ", got " + reply.status() + " " + reply.body());
        }
        return m.group(1);
    }

    static String token(TestFederation federation, String code, String subject, String role) {
        return federation
                .issuer(code)
                .token(code)
                .roles(role)
                .subject(subject)
                .unit(CENTRE)
                .expiresIn(Duration.ofHours(3))
                .sign();
    }

    private SessionNoteLatencyBenchmark() {}
}
