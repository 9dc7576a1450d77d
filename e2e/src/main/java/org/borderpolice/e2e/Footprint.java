package org.borderpolice.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory a run holds: the resident set (RSS) of this process and every process below it
 * (the services, the gateways, Keycloak, the embedded PostgreSQL server and its backends), read
 * from /proc (Linux; elsewhere the figure is not available).
 */
final class Footprint {

    private Footprint() {}

    /** Total RSS in bytes of this process and its descendants, or -1 without /proc. */
    static long residentBytes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(all::add);
        long total = 0;
        boolean any = false;
        for (ProcessHandle p : all) {
            long rss = residentBytes(p.pid());
            if (rss >= 0) {
                total += rss;
                any = true;
            }
        }
        return any ? total : -1;
    }

    /** Number of processes counted by {@link #residentBytes()}. */
    static long processCount() {
        return 1 + ProcessHandle.current().descendants().count();
    }

    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:   123456 kB"
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : (bytes / (1024 * 1024)) + " MiB";
    }
}
