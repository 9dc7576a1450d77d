package org.borderpolice.testbed;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;

import java.util.Map;

import org.borderpolice.federation.testing.Await;
import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.SharedFixture;
import org.borderpolice.federation.testing.TestFederation;

/**
 * Jiangshan (330881) alone as a process, its relay off, Pucheng (350722) and Guangfeng (361103)
 * on its trust list but not running: the tests play them. One for every IT that needs no more
 * ({@link SecurityAndInboxIT}, {@link InboxFailuresIT}, {@link HostileFileOwnerIT}): started by the first
 * that asks for it, kept in the store of the root context and stopped when that closes at the end
 * of the test run. The classes share its database as the tests of one class would: each makes
 * its own records (fresh ids) and asserts nothing about the others'.
 */
final class LoneJiangshan implements AutoCloseable {

    final TestFederation federation = new TestFederation("testbed", "testbed", JIANGSHAN, PUCHENG, GUANGFENG);
    final JurisdictionProcess jiangshan;

    private LoneJiangshan() {
        jiangshan = federation
                .process(
                        JIANGSHAN,
                        JurisdictionProcess.packagedApplication(),
                        Map.of(
                                "border.federation.relay.enabled",
                                "false",
                                // HostileFileOwnerIT: a stalling owner is cut soon, and tried again soon
                                "border.federation.files.fetch.stall-timeout",
                                "2s",
                                "border.federation.files.fetch.every",
                                "1s",
                                "border.federation.files.fetch.initial-backoff",
                                "500ms",
                                "border.federation.files.fetch.max-backoff",
                                "1s"))
                .start()
                .awaitReady(Await.MACHINE);
    }

    @Override
    public void close() {
        jiangshan.stop();
    }

    /** Resolves a {@link LoneJiangshan} parameter (e.g. of a {@code @BeforeAll} method). */
    static final class Shared extends SharedFixture<LoneJiangshan> {

        Shared() {
            super(LoneJiangshan.class, LoneJiangshan::new);
        }
    }
}
