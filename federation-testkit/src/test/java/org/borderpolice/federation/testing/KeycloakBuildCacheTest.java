package org.borderpolice.federation.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keycloak's kept builds: what a process that died while keeping one left is swept (review 36a C4). */
class KeycloakBuildCacheTest {

    @TempDir
    Path builds;

    @Test
    void copiesAsideThatWereNeverMovedInAreSweptAndNothingElse() throws IOException {
        // a kept build, the lock file, and two copies aside a dead process left (one of them full)
        Path kept = Files.createDirectories(builds.resolve("keycloak-26.4.7"));
        Files.writeString(kept.resolve("quarkus-application.dat"), "built");
        Files.writeString(builds.resolve(".lock"), "");
        Path aside = Files.createTempDirectory(builds, KeycloakServer.ASIDE);
        Files.writeString(aside.resolve("quarkus-application.dat"), "half");
        Files.createTempDirectory(builds, KeycloakServer.ASIDE);

        KeycloakServer.sweepAside(builds);

        assertEquals(List.of(".lock", "keycloak-26.4.7"), names(builds));
        assertEquals(List.of("quarkus-application.dat"), names(kept));
        KeycloakServer.sweepAside(builds.resolve("not-there")); // no builds kept yet: nothing to do
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString())
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }
}
