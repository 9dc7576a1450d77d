package org.borderpolice.bench;

import java.nio.file.Path;
import java.time.Duration;

/** CPU time used so far, from /proc (Linux): the machine, a JVM's JIT threads, PostgreSQL, this JVM. */
final class Cpu {

    /** Busy CPU time of the whole machine so far (user + nice + system + irq + softirq + steal), Linux only. */
    static long machineMillis() {
        try {
            String[] f = java.nio.file.Files.readAllLines(Path.of("/proc/stat"))
                    .get(0)
                    .trim()
                    .split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU time the JIT compiler threads of a JVM have used (Linux, from /proc): on two cores they
     * compete with the work being measured for minutes, and their time is counted as the work's.
     */
    static long jitMillis(long pid) {
        try (java.util.stream.Stream<Path> tasks =
                java.nio.file.Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.mapToLong(task -> {
                        try {
                            String stat = java.nio.file.Files.readString(task.resolve("stat"));
                            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
                                return 0;
                            }
                            // after the command: state is field 3, utime 14, stime 15
                            String[] f =
                                    stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ is 100 on Linux
                        } catch (java.io.IOException | RuntimeException e) {
                            return 0; // the thread ended meanwhile
                        }
                    })
                    .sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** CPU time of the PostgreSQL server processes alive now. */
    static long postgresMillis() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                                .commandLine()
                                .map(c -> c.startsWith("postgres"))
                                .orElse(false)
                        || p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(
                        p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toMillis())
                .sum();
    }

    /** CPU time of this JVM, the load generator. */
    static long ownMillis() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
    }

    /**
     * CPU time of one PostgreSQL server's processes alive now (the postmaster and its children),
     * not of other servers on the machine (other benches' or tests' embedded ones).
     */
    static long postgresMillis(ProcessHandle postmaster) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster), postmaster.descendants())
                .mapToLong(
                        p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toMillis())
                .sum();
    }

    /** The postmaster of the server holding this database: the parent of a session's process. */
    static ProcessHandle postmaster(org.borderpolice.federation.testing.PostgresServer.Database db) {
        // while the session lives: its process ends with it
        try (java.sql.Connection c = db.connect();
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            return ProcessHandle.of(backend)
                    .flatMap(ProcessHandle::parent)
                    .orElseThrow(() -> new IllegalStateException("no postmaster for session " + backend));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cpu() {}
}
