package org.borderpolice.intel.service;

import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.borderpolice.federation.blindindex.AgreementBlindIndex;
import org.borderpolice.intel.config.IntelConfig;
import org.borderpolice.intel.repository.BlindIndexVersions;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Our holdings under the agreement's blind-index keys. At start: a key is required (hit checks
 * cannot work without one, and alerts stored meanwhile would never hit), and each version held
 * is registered with its key's fingerprint (a version number reused with another key is
 * refused). In the background, on every replica: alerts are hashed under a version added for a
 * rotation, in batches, and the hashes of a version older than every version held are removed,
 * in batches, each alert first hashed under the versions held if it lacks one. Safe with several
 * replicas, also while they hold different versions during a rolling restart: a step locks its
 * version's row (SKIP LOCKED), so one replica works on a version at a time; re-hashing writes
 * only hashes that are missing; a replica leaves alone a version newer than those it holds, and
 * what it writes meanwhile is queued for that version.
 */
@ApplicationScoped
public class BlindIndexHoldings {

    private static final Logger LOG = Logger.getLogger(BlindIndexHoldings.class);

    @Inject
    AgreementBlindIndex blindIndex;

    @Inject
    BlindIndexVersions versions;

    @Inject
    IntelConfig config;

    /** Versions held whose holdings are not all hashed yet (at the last look). */
    private final AtomicInteger filling = new AtomicInteger(-1);
    /** The hashes themselves are looked at once per process, for versions nobody registered. */
    private volatile boolean hashesLookedAt;

    @Inject
    void metrics(MeterRegistry meters) {
        Gauge.builder("border.intel.blind_index.versions_filling", filling, AtomicInteger::get)
                .description("Blind-index key versions held whose re-hashing of our holdings is not finished "
                        + "(-1 until the first look)")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        SortedSet<Integer> held = blindIndex.versions(); // refuses the start without a usable key
        QuarkusTransaction.requiringNew().run(() -> {
            for (int version : held) {
                String stored = versions.register(version, blindIndex.fingerprint(version));
                if (!stored.equals(blindIndex.fingerprint(version))) {
                    throw new AgreementBlindIndex.InvalidBlindIndexKeyException(AgreementBlindIndex.KEYS + "." + version
                            + " is not the key this database's hashes of version " + version + " were made with: "
                            + "a new key needs a new version number (README, \"Blind-index key\")");
                }
            }
        });
        LOG.infof("blind-index key versions held: %s", held);
    }

    @Scheduled(
            identity = "blind-index-holdings",
            every = "${intel.blind-index.rehash-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        try {
            SortedSet<Integer> held = blindIndex.versions();
            if (LOG.isDebugEnabled()) {
                SortedSet<Integer> registered =
                        QuarkusTransaction.requiringNew().call(versions::registered);
                if (!registered.equals(held)) {
                    LOG.debugf("blind-index holdings: held %s, registered %s", held, registered);
                }
            }
            for (int version : held) {
                fill(version);
            }
            // only versions older than all we hold: a newer one is being added by a replica that holds it
            boolean lookAtHashes = !hashesLookedAt;
            for (int version :
                    QuarkusTransaction.requiringNew().call(() -> versions.olderThan(held.first(), lookAtHashes))) {
                drop(version, held);
            }
            hashesLookedAt = true;
            filling.set(QuarkusTransaction.requiringNew().call(() -> versions.unfilled(held)));
        } catch (RuntimeException e) {
            // the next run starts where this one stopped
            LOG.warnf(e, "blind-index holdings: will try again");
        }
    }

    private String hash(int version, String subject) {
        int colon = subject.indexOf(':');
        return blindIndex.hash(version, subject.substring(0, colon), subject.substring(colon + 1));
    }

    /** Hash our holdings under a version, batch by batch, each its own transaction. */
    private void fill(int version) {
        int batches = 0;
        BlindIndexVersions.Progress step;
        do {
            step = QuarkusTransaction.requiringNew()
                    .call(() -> versions.fill(version, config.blindIndex().rehashBatch(), this::hash));
            if (step.alerts() > 0) {
                batches++;
                LOG.debugf("blind-index key version %d: %d alerts hashed here", version, step.alerts());
            }
        } while (step.step() == BlindIndexVersions.Step.PROGRESSED);
        if (step.step() == BlindIndexVersions.Step.COMPLETED) {
            LOG.infof(
                    "blind-index key version %d: our holdings are hashed under it (the last %d batches here)",
                    version, batches);
        } else if (step.step() == BlindIndexVersions.Step.BUSY) {
            LOG.debugf("blind-index key version %d: another replica is at it", version);
        }
    }

    /** Remove an old version's hashes, batch by batch (each alert hashed under {@code held} first), then the version. */
    private void drop(int version, SortedSet<Integer> held) {
        long removed = 0;
        int batch = config.blindIndex().rehashBatch();
        int step;
        do {
            step = QuarkusTransaction.requiringNew().call(() -> versions.drop(version, batch, held, this::hash));
            removed += Math.max(step, 0);
        } while (step == batch);
        if (step >= 0) {
            LOG.infof(
                    "blind-index key version %d is no longer held: the hashes of %d alerts under it removed here",
                    version, removed);
        } else {
            LOG.debugf("blind-index key version %d: another replica is removing it", version);
        }
    }
}
