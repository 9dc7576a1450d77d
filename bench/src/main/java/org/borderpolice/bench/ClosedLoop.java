package org.borderpolice.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closed-loop clients: each sends its next request as soon as the last is answered, for a
 * warm-up and then a measured time; the samples of the measured time only. Client {@code c}
 * makes requests {@code n = c, c + 1, ...} (so the kinds, {@code n % kinds}, are spread over
 * the clients from the first request on) with a random generator seeded by its number.
 */
final class ClosedLoop {

    /** One answered (or failed: status -1) request of a kind. */
    record Sample(int kind, long nanos, int status) {}

    /** The measured samples and how long the measurement lasted. */
    record Result(List<Sample> samples, long measuredNanos) {

        List<Sample> ofKind(int kind) {
            return samples.stream().filter(s -> s.kind() == kind).toList();
        }

        double perSecond() {
            return samples.size() / (measuredNanos / 1e9);
        }
    }

    /** One request of client {@code client}, its {@code n}th: returns its status (-1: no answer). */
    @FunctionalInterface
    interface Call {
        int send(int client, int n, SplittableRandom random);
    }

    /**
     * Run {@code clients} clients for {@code warmupSeconds}, then measure for {@code seconds};
     * {@code measuring} runs once when the measurement starts, {@code eachSecond} once a second
     * during it (a sampler; it may take a while, the second is kept). Returns once every client
     * has finished its last request.
     */
    static Result run(
            int clients, int warmupSeconds, int seconds, int kinds, Call call, Runnable measuring, Runnable eachSecond)
            throws InterruptedException {
        List<List<Sample>> perClient = new ArrayList<>();
        AtomicBoolean timed = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            List<Sample> samples = new ArrayList<>();
            perClient.add(samples);
            SplittableRandom random = new SplittableRandom(c);
            int client = c;
            Thread thread = new Thread(
                    () -> {
                        try {
                            for (int n = client; running.get(); n++) {
                                long t0 = System.nanoTime();
                                int status = call.send(client, n, random);
                                long took = System.nanoTime() - t0;
                                if (timed.get()) {
                                    samples.add(new Sample(n % kinds, took, status));
                                }
                            }
                        } finally {
                            finished.countDown();
                        }
                    },
                    "client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep(warmupSeconds * 1000L);
        measuring.run();
        long measuredFrom = System.nanoTime();
        timed.set(true);
        for (int second = 0; second < seconds; second++) {
            long sampledAt = System.nanoTime();
            eachSecond.run();
            Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - sampledAt) / 1_000_000));
        }
        timed.set(false);
        long measuredNanos = System.nanoTime() - measuredFrom;
        running.set(false);
        finished.await();
        // each list was written by its client alone, which has ended
        return new Result(perClient.stream().flatMap(List::stream).toList(), measuredNanos);
    }

    /** Requests per second, p50, p99, how many over 10 s, and the answers by status. */
    static String line(String name, List<Sample> samples, long measuredNanos) {
        long[] nanos = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
        Map<Integer, Long> byStatus = new TreeMap<>();
        samples.forEach(s -> byStatus.merge(s.status(), 1L, Long::sum));
        long overTen = Arrays.stream(nanos).filter(n -> n > 10_000_000_000L).count();
        return String.format(
                "  %-22s %7.1f requests/s  p50 %7.1f ms  p99 %8.1f ms  over 10 s: %d  answers %s%n",
                name,
                samples.size() / (measuredNanos / 1e9),
                percentile(nanos, 0.50),
                percentile(nanos, 0.99),
                overTen,
                byStatus);
    }

    /** The {@code p} quantile of sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private ClosedLoop() {}
}
