package org.borderpolice.federation.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's class-data sharing (a dynamic CDS archive) for the processes of one packaged
 * application: the first process started without an archive writes one when it exits
 * (-XX:ArchiveClassesAtExit, into a file of its own, moved into place only once that process has
 * ended by itself or by SIGTERM); every later start of that application maps it instead of
 * loading, parsing and verifying the same classes again, which takes about 40 % off each
 * start-up (a test module starts some fifty processes). The archive sits next to the packaged
 * application (target/) and its name holds what it depends on (JDK, JVM options, the runner
 * jar), so a rebuilt application or another JDK gets a new one; a class of the application that
 * changed is found changed by the JDK and loaded from its jar. Processes started while the first
 * one runs go without. -Dborder.process.class-archive=false turns it off.
 */
final class ClassArchive {

    /** SIGKILL: the JVM had no time to write the archive (or was cut off while writing it). */
    private static final int KILLED = 128 + 9;
    /** Attempts to write an archive per application and test JVM (each costs its process's exit). */
    private static final int ATTEMPTS = 2;

    /** Per archive: whether a process is writing it now, and how many have tried. */
    private record Writers(AtomicBoolean busy, AtomicInteger attempts) {}

    private static final Map<Path, Writers> WRITERS = new ConcurrentHashMap<>();
    private static final AtomicInteger TEMP_FILES = new AtomicInteger();

    private final Path archive;
    private final Path writing;

    private ClassArchive(Path archive, Path writing) {
        this.archive = archive;
        this.writing = writing;
    }

    /** For a start of this runner jar with these JVM options; null when switched off. */
    static ClassArchive forStart(Path runnerJar, List<String> jvmOptions) {
        if (!Boolean.parseBoolean(System.getProperty("border.process.class-archive", "true"))) {
            return null;
        }
        Path archive = archiveFor(runnerJar, jvmOptions);
        if (archive == null || Files.isRegularFile(archive)) {
            return new ClassArchive(archive, null);
        }
        Writers writers = WRITERS.computeIfAbsent(archive, a -> new Writers(new AtomicBoolean(), new AtomicInteger()));
        // one writer at a time; another only if the one before left no archive (it was killed)
        if (writers.attempts().get() < ATTEMPTS && writers.busy().compareAndSet(false, true)) {
            if (writers.attempts().incrementAndGet() <= ATTEMPTS && !Files.exists(archive)) {
                Path temp = archive.resolveSibling(archive.getFileName() + "."
                        + ProcessHandle.current().pid() + "-" + TEMP_FILES.incrementAndGet() + ".tmp");
                return new ClassArchive(archive, temp);
            }
            writers.busy().set(false);
        }
        return new ClassArchive(archive, null);
    }

    /** Whether this start writes the archive (its process's exit then takes a few seconds longer). */
    boolean writes() {
        return writing != null;
    }

    /** The JVM options of this start. */
    List<String> options() {
        List<String> options = new java.util.ArrayList<>();
        if (archive == null) {
            return options;
        }
        if (writing != null) {
            options.add("-XX:ArchiveClassesAtExit=" + writing);
        } else if (Files.isRegularFile(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        } else {
            return options;
        }
        // what the JDK says about classes it cannot archive (proxies, JFR events) is no news
        options.add("-Xlog:cds*=error");
        if (Runtime.version().feature() >= 25) {
            options.add("-Xlog:aot*=error");
        }
        return options;
    }

    /** The process could not be started: another may write the archive. */
    void notStarted() {
        if (writing != null) {
            WRITERS.get(archive).busy().set(false);
        }
    }

    /** Once the process has exited: a complete archive goes into place, an incomplete one away. */
    void exited(Process process) {
        if (writing == null) {
            return;
        }
        try {
            if (process.exitValue() != KILLED && Files.isRegularFile(writing) && Files.size(writing) > 0) {
                Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(writing);
            }
        } catch (IOException e) {
            // no archive: later starts are only slower
        } finally {
            WRITERS.get(archive).busy().set(false);
        }
    }

    private static Path archiveFor(Path runnerJar, List<String> jvmOptions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Path jar = runnerJar.toAbsolutePath().normalize();
            String key = String.join(
                    "\n",
                    System.getProperty("java.home"),
                    System.getProperty("java.vm.version"),
                    String.join(" ", jvmOptions),
                    jar.toString(),
                    String.valueOf(Files.size(jar)),
                    String.valueOf(Files.getLastModifiedTime(jar).toMillis()));
            String hash = HexFormat.of()
                    .formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
            // target/quarkus-app/quarkus-run.jar: next to the application, gone with mvn clean
            return jar.getParent().resolveSibling("process-classes-" + hash + ".jsa");
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
