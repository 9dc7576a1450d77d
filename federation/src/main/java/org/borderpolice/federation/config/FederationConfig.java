package org.borderpolice.federation.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The federation settings of a service that replicates: relay, inbox, outbox, peer tokens, gRPC
 * limits, audit, database. The trust list itself (who we are, the partners, how to verify them,
 * the insecure allowances) is {@link IdentityConfig}, which a service without a database uses
 * alone; same prefix, so every property keeps its name, and its member types
 * ({@code FederationConfig.Partner}, ...) are inherited.
 */
@ConfigMapping(prefix = "border.federation")
public interface FederationConfig extends IdentityConfig {

    Relay relay();

    PeerToken peerToken();

    ClientTls clientTls();

    /** gRPC between partners: message size, and what one partner may take of this service. */
    Grpc grpc();

    /** How long the inbox remembers event ids and refusals. */
    InboxSettings inbox();

    OutboxSettings outbox();

    /** The audit log: linking the chain, verification, anchoring with partners. */
    Audit audit();

    /** Who migrates the service's database (README "Running a service"). */
    Database database();

    BlindIndex blindIndex();

    /** Hit/no-hit checks (比对) of the service's record types that take part (hitcheck.HitCheckable). */
    HitCheck hitCheck();

    /** What a receiver takes as the id of a record new to it (RecordIds). */
    RecordIdSettings recordIds();

    /**
     * The single, unversioned key of earlier releases: no longer read. Mapped only so that a
     * service needing the blind index can say what to set instead (blind-index.keys.1).
     */
    @Deprecated
    Optional<String> blindIndexKey();

    /**
     * The agreement's blind index: identifiers in hit/no-hit checks travel only as HMACs under a
     * key all partners share. Services that answer checks refuse to start without one.
     */
    interface BlindIndex {
        /**
         * The keys by version (1 to 32767): base64 of at least 32 random bytes each, e.g.
         * {@code border.federation.blind-index.keys.1}. Normally one; two while the agreement
         * rotates its key (README "Blind-index key").
         */
        Map<String, String> keys();

        /**
         * How often to bring the stored hashes in line with the versions held (re-hash under a
         * version added for a rotation, remove a dropped version's hashes): a duration, or "off".
         * Read by the schedule itself (hitcheck.BlindIndexHoldings), so only this form counts.
         */
        @WithDefault("5s")
        String rehashEvery();

        /** Records re-hashed (or whose hashes are removed) per transaction. */
        @WithDefault("1000")
        int rehashBatch();
    }

    /**
     * The limits of hit/no-hit checks, the same for every record type of the service (a service
     * may default them from settings of its own: intel-sharing's intel.hit-check.*).
     */
    interface HitCheck {
        /** Identifiers each partner may check against our records per day (每日比对限额). */
        @WithDefault("5000")
        int dailyQuota();

        /**
         * Identifiers each of a partner's users (the check's requested_by) may check against our
         * records per day, within the partner's own quota (每人每日比对限额, at the owner).
         */
        @WithDefault("500")
        int partnerUserDailyQuota();

        /** Identifiers each of our users may check per day, here and at partners alike (每人每日比对限额). */
        @WithDefault("500")
        int userDailyQuota();

        /** How long to wait for each partner's answer. */
        @WithDefault("5s")
        Duration partnerTimeout();
    }

    /** Our client certificate for mutual TLS towards partners. */
    interface ClientTls {
        /** PEM certificate chain file. */
        Optional<String> certificate();

        /** PEM PKCS#8 private key file. */
        Optional<String> key();
    }

    interface Grpc {
        /**
         * Largest gRPC message, in bytes, that this service takes from a partner
         * (quarkus.grpc.server.max-inbound-message-size follows it) and that its relay sends: the
         * relay cuts batches by encoded size under it and sets aside, as refused, an event that
         * can never fit. The partners of an agreement should use the same value; a partner that
         * takes less refuses our larger messages, and the relay halves its batches for it down to
         * one event, which it then sets aside as refused.
         */
        @WithDefault("4194304")
        int maxMessageSize();

        /**
         * The initial HTTP/2 receive window, in bytes, of each call on our channels to partners
         * (gRPC's own default is 1 MiB, and on a fast link its automatic tuning seldom grows it):
         * how far a partner may send ahead of what we have read. A file fetch streams 1 MiB chunks,
         * so with 1 MiB the owner waits for every chunk to be read before it sends the next; 8 MiB
         * keeps several in flight while the previous ones are stored.
         */
        @WithDefault("8388608")
        @jakarta.validation.constraints.Min(65535)
        int flowControlWindow();

        /** Limits per partner on the gRPC calls it makes here. */
        Inbound inbound();
    }

    /**
     * Per partner (the jurisdiction of the peer token), so that one partner cannot take what
     * others and our own users need: calls open at once, batches applied at once (each holds a
     * database connection of the service's pool while it is applied), events per batch, batches
     * a stream may have waiting for their acknowledgements, and requests per period (a token
     * bucket: opening a call takes one, each event of a batch one). Over a limit a call or stream
     * is refused (RESOURCE_EXHAUSTED, or INVALID_ARGUMENT for a batch too large to take at all),
     * and the partner retries later. The defaults keep every partner's share well below the pool
     * (quarkus.datasource.jdbc.max-size, 20).
     */
    interface Inbound {
        /** Calls (Deliver streams, hit/no-hit checks, anchors, ...) a partner may have open at once. */
        @WithDefault("4")
        int maxConcurrentCalls();

        /**
         * Batches of a partner applied at once, whatever the number of its streams: each holds a
         * connection of the service's pool for its transaction. Further batches wait their turn.
         */
        @WithDefault("2")
        int maxConcurrentBatches();

        /**
         * Events one batch may carry; a larger batch is refused whole (INVALID_ARGUMENT). Two
         * batches of this size fit in one period's {@link #requests()}, so that a draining relay's
         * second batch waits at most half a period.
         */
        @WithDefault("1000")
        int maxBatchEvents();

        /**
         * Batches a sender may have sent on one stream and not yet had acknowledged (our relay
         * has two in flight). One more closes the stream with RESOURCE_EXHAUSTED: a sender cannot
         * pile batches up in our memory faster than we apply them.
         */
        @WithDefault("2")
        int maxUnacknowledgedBatches();

        /**
         * Requests a partner may make per period: opening a call is one, each event of a batch
         * one. At least max-batch-events.
         */
        @WithDefault("2000")
        long requests();

        /** The period of {@link #requests()}; the allowance refills evenly over it. */
        @WithDefault("1s")
        Duration period();

        /**
         * A batch over the partner's allowance waits for it if it refills within this long (a
         * relay draining a backlog is slowed down, not failed); longer: RESOURCE_EXHAUSTED.
         */
        @WithDefault("1s")
        Duration maxWait();
    }

    interface InboxSettings {
        /**
         * How long received event ids and refusals are kept; longer than the longest outage a
         * partner may have and still redeliver. A redelivery after it is not a duplicate by id,
         * but the versions kept in replica_state still refuse anything not newer (STALE).
         */
        @WithDefault("30d")
        Duration retention();

        /** How often to purge what is older than the retention (a duration, or "off"). */
        @WithDefault("1h")
        String purgeEvery();

        /**
         * Refused events of one partner written one by one to inbox_rejection (and logged) per
         * minute; beyond them, one summary row per batch says how many more there were. The
         * partner is told each refusal in its acknowledgement all the same.
         */
        @WithDefault("100")
        int refusalsLoggedPerMinute();
    }

    /** The outbox's refused events (set aside: refused by the partner, or too large for any message). */
    interface OutboxSettings {
        /**
         * How long refused events stay visible in /api/v1/federation/outbox. Their payload is
         * dropped when they are refused (the record itself stays at home).
         */
        @WithDefault("30d")
        Duration refusedRetention();

        /** How often to purge refused events older than the retention (a duration, or "off"). */
        @WithDefault("1h")
        String purgeEvery();
    }

    /** Ids of replicated records (RecordIds). */
    interface RecordIdSettings {
        /**
         * Until when a partner's record new to us may carry a legacy id: one made before ids named
         * their creator (a random UUID), which names no one. Set it, for the upgrade, to a time
         * after which every partner has delivered what it made before (an ISO-8601 instant,
         * e.g. 2027-03-01T00:00:00Z); until then a partner that learned another's legacy id could
         * deliver a record of its own under it here first. Unset (the default): refused. An id
         * naming a jurisdiction other than its sender is refused whatever this says.
         */
        Optional<Instant> legacyAcceptedUntil();
    }

    /** The service's database. */
    interface Database {
        /**
         * Migrate the service's and the federation's schemas at start, as the owner
         * (quarkus.flyway.username / password). With quarkus.init-and-exit=true the process exits
         * once they are migrated: the migration job. Off in a serving process.
         */
        @WithDefault("false")
        boolean migrate();
    }

    /** The audit log (AuditLog, AuditLinker, AuditVerifier, AuditAnchors, RefusedAccess). */
    interface Audit {
        /** How often committed entries are chained (a duration, or "off": another replica links). */
        @WithDefault("200ms")
        String linkEvery();

        /**
         * Verification reports entries still unlinked this long after they were appended. An
         * entry is queued for linking when its transaction commits, so this must exceed the longest
         * transaction (60 s, Quarkus's default transaction timeout) plus a linking pass.
         */
        @WithDefault("5m")
        Duration unlinkedAfter();

        /** Links checked by one verification call unless it asks for fewer. */
        @WithDefault("10000")
        int verifyPageSize();

        /** The most links one verification call may check. */
        @WithDefault("100000")
        int verifyMaxPageSize();

        /** How often the signed chain head goes to the partners (a duration, or "off"). */
        @WithDefault("1m")
        String anchorEvery();

        /** Deadline of each anchor call to a partner. */
        @WithDefault("10s")
        Duration anchorTimeout();

        /**
         * The longest a partner's newest head of ours may be old: past it, verification says the
         * chain is not intact (entries after that head are not anchored), and a partner whose
         * anchors are this old is alarmed about (log at WARN, an audit entry, the metric
         * border_federation_audit_partner_anchor_age_seconds). The tamper window is at most this.
         * Several times anchor-every.
         */
        @WithDefault("5m")
        Duration anchorMaxAge();

        /**
         * Deadline of the Prove we call back on a partner that hands us a head (one at a time per
         * partner, never blocking a thread meanwhile).
         */
        @WithDefault("3s")
        Duration proveTimeout();

        /**
         * Our Ed25519 private key (PKCS#8, PEM or base64 DER) signing our chain heads and
         * verification checkpoints; partners hold its public key. A production start refuses to
         * go without it (unless insecure.allow-unanchored-audit).
         */
        Optional<String> signingKey();

        /** Refused accesses waiting to be written; past this, they are counted and written as one entry. */
        @WithDefault("10000")
        int refusalQueue();

        /** The same bound in bytes (about two a character of an entry). */
        @WithDefault("4194304")
        long refusalQueueBytes();

        /**
         * Refused accesses from one source (address, channel, reason) written one by one per
         * interval; the rest of the interval's are written as one entry with their count.
         */
        @WithDefault("10")
        int refusalDetailPerSource();

        /** The interval of {@link #refusalDetailPerSource()}. */
        @WithDefault("1m")
        Duration refusalSummaryEvery();
    }

    interface Relay {
        /** Run the outbox relay in this process. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Events per batch (one gRPC message, one acknowledgement). A partner that takes fewer
         * (its max-batch-events) or smaller messages makes the relay halve its batches for it.
         * Larger batches drain a backlog faster (statements and round trips per batch, not per
         * event): 500 to 2,000 doubled the drain bench's rate; bench/README.md.
         */
        @WithDefault("1000")
        int batchSize();

        /** How often an idle relay looks for rows written by other replicas. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** First wait after a failed delivery; doubles per failure. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Cap of the wait between attempts while a partner is down. */
        @WithDefault("2m")
        Duration maxBackoff();

        /** How long to wait for a partner's acknowledgement of a batch. */
        @WithDefault("30s")
        Duration ackTimeout();

        /**
         * How often to vacuum the outbox after the relay deleted delivered rows (a duration, or
         * "off" to leave it to autovacuum); read by {@code OutboxVacuum}'s schedule.
         */
        @WithDefault("1s")
        String vacuumEvery();
    }

    interface PeerToken {
        /**
         * oidc-client: client-credentials token from our own identity provider
         * (quarkus.oidc-client.*). signing-key: a short-lived token signed here with the
         * private key of our issuer (the key partners trust as our issuer's public key).
         */
        @WithDefault("oidc-client")
        PeerTokenMode mode();

        /** PKCS#8 PEM private key, for mode signing-key. */
        Optional<String> signingKey();

        /** Key id put in the token header, for mode signing-key. */
        Optional<String> keyId();

        @WithDefault("5m")
        Duration lifetime();

        /**
         * Renew a token this long before its expiry (at most a quarter of its lifetime): a
         * partner whose clock runs ahead of ours by up to this much plus its expiry-grace still
         * takes it until we do.
         */
        @WithDefault("60s")
        Duration renewBefore();

        /**
         * How long the relay waits for our identity provider's token (mode oidc-client) before
         * it gives the attempt up and tries again later.
         */
        @WithDefault("10s")
        Duration fetchTimeout();
    }

    enum PeerTokenMode {
        OIDC_CLIENT,
        SIGNING_KEY
    }
}
