package org.borderpolice.federation.hitcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.blindindex.AgreementBlindIndex;
import org.borderpolice.federation.blindindex.VersionedHash;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.hitcheck.HitCheckable.RecordSubjects;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Our holdings under the agreement's blind-index keys, for a service with record types that take
 * part in hit/no-hit checks ({@link HitCheckable} beans; a service without any needs no key and
 * this does nothing). At start: a key is required (checks cannot work without one, and records
 * stored meanwhile would never hit), and each version held is registered with its key's
 * fingerprint (a version number reused with another key is refused). In the background, on every
 * replica: records are hashed under a version added for a rotation, in batches, and the hashes of
 * a version older than every version held are removed, in batches, each record first hashed
 * under the versions held if it lacks one. Safe with several replicas, also while they hold
 * different versions during a rolling restart: a step locks its row (SKIP LOCKED), so one replica
 * works on a version at a time; re-hashing writes only hashes that are missing; a replica leaves
 * alone a version newer than those it holds, and what it writes meanwhile is queued for that version.
 */
@ApplicationScoped
public class BlindIndexHoldings {

    private static final Logger LOG = Logger.getLogger(BlindIndexHoldings.class);

    @Inject
    AgreementBlindIndex blindIndex;

    @Inject
    BlindIndexVersions versions;

    @Inject
    FederationConfig config;

    @Inject
    @Any
    Instance<HitCheckable> hitCheckables;

    /** Versions held whose holdings are not all hashed yet (at the last look). */
    private final AtomicInteger filling = new AtomicInteger(-1);
    /** The hashes themselves are looked at once per process, for versions nobody registered. */
    private volatile boolean hashesLookedAt;

    @Inject
    void metrics(MeterRegistry meters) {
        Gauge.builder("border.blind_index.versions_filling", filling, AtomicInteger::get)
                .description("Blind-index key versions held whose re-hashing of our holdings is not finished "
                        + "(-1 until the first look)")
                .register(meters);
    }

    /** The record types taking part, by type. */
    Map<String, HitCheckable> types() {
        Map<String, HitCheckable> types = new TreeMap<>();
        hitCheckables.forEach(t -> types.put(t.recordType(), t));
        return types;
    }

    void onStart(@Observes StartupEvent event) {
        if (hitCheckables.isUnsatisfied()) {
            return;
        }
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
            versions.track(held, types().keySet());
        });
        LOG.infof("blind-index key versions held: %s, for %s", held, types().keySet());
    }

    @Scheduled(
            identity = "blind-index-holdings",
            every = "${border.federation.blind-index.rehash-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        if (hitCheckables.isUnsatisfied()) {
            return;
        }
        try {
            SortedSet<Integer> held = blindIndex.versions();
            if (LOG.isDebugEnabled()) {
                SortedSet<Integer> registered =
                        QuarkusTransaction.requiringNew().call(versions::registered);
                if (!registered.equals(held)) {
                    LOG.debugf("blind-index holdings: held %s, registered %s", held, registered);
                }
            }
            Map<String, HitCheckable> types = types();
            for (int version : held) {
                for (HitCheckable type : types.values()) {
                    fill(version, type);
                }
            }
            // only versions older than all we hold: a newer one is being added by a replica that holds it
            boolean lookAtHashes = !hashesLookedAt;
            for (int version :
                    QuarkusTransaction.requiringNew().call(() -> versions.olderThan(held.first(), lookAtHashes))) {
                drop(version, held, types);
            }
            hashesLookedAt = true;
            filling.set(QuarkusTransaction.requiringNew().call(() -> versions.unfilled(held)));
        } catch (RuntimeException e) {
            // the next run starts where this one stopped
            LOG.warnf(e, "blind-index holdings: will try again");
        }
    }

    /** A record's subjects hashed under one version. */
    private List<VersionedHash> hash(int version, RecordSubjects record) {
        List<VersionedHash> hashes = new ArrayList<>();
        for (HitCheckable.Identifier s : record.subjects()) {
            VersionedHash h =
                    new VersionedHash(version, blindIndex.hash(version, s.kind().name(), s.value()));
            if (!hashes.contains(h)) {
                hashes.add(h);
            }
        }
        return hashes;
    }

    /** Hash our holdings of a type under a version, batch by batch, each its own transaction. */
    private void fill(int version, HitCheckable type) {
        int batches = 0;
        BlindIndexVersions.Progress step;
        do {
            step = QuarkusTransaction.requiringNew()
                    .call(() -> versions.fill(version, config.blindIndex().rehashBatch(), type, this::hash));
            if (step.records() > 0) {
                batches++;
                LOG.debugf(
                        "blind-index key version %d: %d %s records hashed here",
                        version, step.records(), type.recordType());
            }
        } while (step.step() == BlindIndexVersions.Step.PROGRESSED);
        if (step.step() == BlindIndexVersions.Step.COMPLETED) {
            LOG.infof(
                    "blind-index key version %d: our holdings are hashed under it (%s, the last %d batches here)",
                    version, type.recordType(), batches);
        } else if (step.step() == BlindIndexVersions.Step.BUSY) {
            LOG.debugf("blind-index key version %d: another replica is at it", version);
        }
    }

    /** Remove an old version's hashes, batch by batch (each record hashed under {@code held} first), then the version. */
    private void drop(int version, SortedSet<Integer> held, Map<String, HitCheckable> types) {
        long removed = 0;
        int batch = config.blindIndex().rehashBatch();
        int step;
        do {
            step = QuarkusTransaction.requiringNew().call(() -> versions.drop(version, batch, held, types, this::hash));
            removed += Math.max(step, 0);
        } while (step == batch);
        if (step >= 0) {
            LOG.infof(
                    "blind-index key version %d is no longer held: the hashes of %d records under it removed here",
                    version, removed);
        } else {
            LOG.debugf("blind-index key version %d: another replica is removing it", version);
        }
    }
}
