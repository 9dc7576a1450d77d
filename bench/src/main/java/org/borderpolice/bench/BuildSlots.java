package org.borderpolice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's two build slots (flock(1) on /tmp/border-build-slot-{1,2}.lock, see the builders'
 * build-slot.sh), held while a measurement runs so that no build shares the cores with it. A
 * {@code flock} child process holds them (Java's file locks are fcntl locks, which flock(1) does not
 * see); closing its input releases them. Off with {@code -Dbench.hold-slots=false}, and where the
 * lock files do not exist.
 */
final class BuildSlots implements AutoCloseable {

    private final Process holder;

    private BuildSlots(Process holder) {
        this.holder = holder;
    }

    /** Waits until both slots are held (builds already running finish first); prints how long that took. */
    static BuildSlots hold() {
        List<String> command = new ArrayList<>();
        for (int slot = 1; slot <= 2; slot++) {
            Path lock = Path.of("/tmp/border-build-slot-" + slot + ".lock");
            if (Files.exists(lock)) {
                command.addAll(List.of("flock", lock.toString()));
            }
        }
        if (command.isEmpty() || !Boolean.parseBoolean(System.getProperty("bench.hold-slots", "true"))) {
            return new BuildSlots(null);
        }
        command.addAll(List.of("sh", "-c", "echo held; exec cat >/dev/null"));
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String line =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (!"held".equals(line)) {
                p.destroy();
                throw new IllegalStateException("could not take the build slots");
            }
            AlertQueryBenchmark.print(String.format(
                    "  (both build slots held, after waiting %.0f s for them; load average %s)%n",
                    (System.nanoTime() - start) / 1e9, loadAverage()));
            return new BuildSlots(p);
        } catch (IOException e) {
            throw new IllegalStateException("could not start flock", e);
        }
    }

    /** The 1, 5 and 15 minute load averages of the machine. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        if (holder != null) {
            try {
                holder.getOutputStream().close();
                holder.waitFor();
            } catch (IOException e) {
                holder.destroy();
            } catch (InterruptedException e) {
                holder.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }
}
