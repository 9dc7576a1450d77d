package org.borderpolice.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory a run holds: the resident set (RSS) of this process and every process below it
 * (the services, the gateways, Keycloak), plus the embedded PostgreSQL server and its backends
 * (pg_ctl detaches the server from us: found as the postgres process listening on our port),
 * read from /proc (Linux; elsewhere the figure is not available).
 */
final class Footprint {

    private Footprint() {}

    /** This process, its descendants, and the PostgreSQL server on this port (0: none) with its backends. */
    static List<ProcessHandle> processes(int postgresPort) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(all::add);
        if (postgresPort > 0) {
            String port = String.valueOf(postgresPort);
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                    .filter(p -> java.util.Arrays.asList(p.info().arguments().orElse(new String[0]))
                            .contains(port))
                    .filter(p -> all.stream().noneMatch(known -> known.pid() == p.pid()))
                    .forEach(server -> {
                        all.add(server);
                        server.descendants().forEach(all::add);
                    });
        }
        return all;
    }

    /** The port of the embedded server a JDBC URL names, 0 if it names none. */
    static int port(String jdbcUrl) {
        var matcher = java.util.regex.Pattern.compile("//[^/:]+:([0-9]+)/").matcher(jdbcUrl);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** Total RSS in bytes of these processes (shared pages once per process), or -1 without /proc. */
    static long residentBytes(List<ProcessHandle> all) {
        return total(all, "status", "VmRSS:");
    }

    /**
     * Total proportional set size (PSS: each shared page divided among the processes sharing it,
     * PostgreSQL's shared buffers counted once), or -1 without /proc.
     */
    static long proportionalBytes(List<ProcessHandle> all) {
        return total(all, "smaps_rollup", "Pss:");
    }

    private static long total(List<ProcessHandle> all, String file, String field) {
        long total = 0;
        boolean any = false;
        for (ProcessHandle p : all) {
            long bytes = field(p.pid(), file, field);
            if (bytes >= 0) {
                total += bytes;
                any = true;
            }
        }
        return any ? total : -1;
    }

    /** A "Name:   123 kB" line of /proc/&lt;pid&gt;/&lt;file&gt; in bytes, -1 if there is none. */
    static long field(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), file))) {
                if (line.startsWith(field)) {
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
