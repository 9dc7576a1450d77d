package org.borderpolice.federation.hitcheck;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.blindindex.AgreementBlindIndex;
import org.borderpolice.federation.blindindex.VersionedHash;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.hitcheck.HitCheckRecords.Direction;
import org.borderpolice.federation.hitcheck.HitCheckRecords.HitReference;
import org.borderpolice.federation.hitcheck.HitCheckable.Asker;
import org.borderpolice.federation.hitcheck.HitCheckable.Identifier;
import org.borderpolice.federation.hitcheck.HitCheckable.RecordHit;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.outbox.PartnerChannels;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.problem.ProblemException;
import org.borderpolice.federation.proto.common.v1.CheckedIdentifier;
import org.borderpolice.federation.proto.common.v1.KeyedHash;
import org.borderpolice.federation.proto.hitcheck.v1.Hit;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckResponse;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.federation.validation.SubjectKind;
import org.jboss.logging.Logger;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Hit/no-hit checks (比对), for every record type of the service that takes part (its
 * {@link HitCheckable} beans). A user's identifiers are hashed under every blind-index key
 * version held; the hashes are matched against the records here and sent to every partner the
 * agreement shares one of those record types with, which answers for its own records with record
 * type, owner, unit, reference and the type's summary only. What may hit is each record type's
 * rule ({@link HitCheckable#hits}), applied alike here and at every partner from the checking
 * user's roles. Every check is recorded and audited at both ends, with its hashes and the records
 * it hit; each user and each partner has a daily limit ({@code border.federation.hit-check.*}).
 *
 * <p>No transaction is open while partners are asked: the user's limit and the local match are
 * one short transaction, the record another; the wait in between holds no connection. At the
 * owner likewise: the match and the limits are one short transaction that commits without
 * waiting for the disk (so a partner's concurrent checks hold its count's row only for moments),
 * the record and audit another.
 *
 * <p>A partner's refused checks are audited without what they carried (a refused request is not
 * trusted to be small or honest), the first of each kind per partner and minute on its own and
 * the repeats counted ({@link HitCheckRefusals}).
 */
@ApplicationScoped
public class HitChecks {

    private static final Logger LOG = Logger.getLogger(HitChecks.class);
    static final int MAX_IDENTIFIERS = 100;
    static final int MAX_UNIT = 100;
    static final int MAX_REQUESTED_BY = 200;
    static final int MAX_ROLES = 20;
    static final int HASH_BYTES = 32;
    static final int MAX_RECORD_ID = 64;
    /** Entries of a hit's summary, and their keys' and values' lengths. */
    public static final int MAX_SUMMARY_ENTRIES = 8;

    static final int MAX_SUMMARY_KEY = 40;
    static final int MAX_SUMMARY_VALUE = 100;
    /**
     * Hits an owner gives per identifier, those its record types rank first; an answer with more
     * for one identifier is malformed (the asking side stores and audits every hit it is given).
     */
    public static final int MAX_HITS_PER_IDENTIFIER = 20;
    /** What partnersUnavailable says of a partner whose answer could not be used. */
    public static final String MALFORMED_ANSWER = "MALFORMED_ANSWER";

    /** Roles that may check at all. */
    public static final Set<String> CHECKING_ROLES =
            Set.of(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER);

    /**
     * The suite's user roles: all a partner is told of the asking user's roles (an identity
     * provider adds its own, e.g. offline_access, which an owner has no use for and may refuse).
     */
    static final Set<String> SUITE_ROLES = Set.of(
            BorderPrincipal.INVESTIGATOR,
            BorderPrincipal.ANALYST,
            BorderPrincipal.MEDIATOR,
            BorderPrincipal.COMMANDER,
            BorderPrincipal.INTEGRATOR);

    @Inject
    AgreementBlindIndex blindIndex;

    @Inject
    SubjectHashes hashes;

    @Inject
    @Any
    Instance<HitCheckable> hitCheckables;

    @Inject
    TrustList trustList;

    @Inject
    PartnerChannels channels;

    @Inject
    FederationConfig config;

    @Inject
    AuditLog auditLog;

    @Inject
    HitCheckRecords records;

    @Inject
    HitCheckRefusals refusals;

    /**
     * A hit: which identifier (by position), which record where, and nothing of the record's
     * content beyond its type's summary.
     */
    public record HitView(
            int identifier,
            SubjectKind kind,
            String value,
            String recordType,
            String owner,
            String ownerName,
            String unit,
            String recordId,
            Map<String, String> summary,
            boolean local) {}

    public record Result(
            UUID checkId,
            int identifiers,
            List<HitView> hits,
            List<String> partnersAsked,
            Map<String, String> partnersUnavailable) {}

    /** Whether a user with these roles may check at all. */
    public static boolean mayCheck(Set<String> roles) {
        return roles.stream().anyMatch(CHECKING_ROLES::contains);
    }

    /** The record types taking part, by type. */
    private Map<String, HitCheckable> types() {
        Map<String, HitCheckable> types = new TreeMap<>();
        hitCheckables.forEach(t -> types.put(t.recordType(), t));
        return types;
    }

    /**
     * The audit's record type of checks: the service's part of its record types ("intel" of
     * "intel.alert") and ".hit-check".
     */
    String auditType() {
        return types().keySet().stream()
                .findFirst()
                .map(t -> (t.contains(".") ? t.substring(0, t.indexOf('.')) : t) + ".hit-check")
                .orElse("hit-check");
    }

    /** An identifier as asked: its first position in the user's list and its hashes. */
    private record Asked(int index, Identifier identifier, List<VersionedHash> hashes) {}

    /** The user's identifiers, deduplicated, each hashed under every key version held. */
    private record Question(List<Asked> identifiers, Map<VersionedHash, Asked> byHash) {}

    public Result check(BorderPrincipal caller, List<Identifier> identifiers) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenProblem("only users of " + trustList.selfCode() + " run checks here");
        }
        if (!caller.hasAnyRole(CHECKING_ROLES.toArray(String[]::new))) {
            throw new ForbiddenProblem("hit/no-hit checks need role investigator, analyst or commander");
        }
        UUID checkId = UUID.randomUUID();
        Question question = question(identifiers);
        Set<String> roles = new TreeSet<>(caller.roles());
        roles.retainAll(SUITE_ROLES);
        HitCheckRequest request = HitCheckRequest.newBuilder()
                .setCheckId(checkId.toString())
                .addAllIdentifiers(question.identifiers().stream()
                        .map(a -> CheckedIdentifier.newBuilder()
                                .addAllHashes(a.hashes().stream()
                                        .map(h -> KeyedHash.newBuilder()
                                                .setKeyVersion(h.keyVersion())
                                                .setHash(ByteString.copyFrom(
                                                        HexFormat.of().parseHex(h.hash())))
                                                .build())
                                        .toList())
                                .build())
                        .toList())
                .setRequestingUnit(caller.unit() == null ? "" : caller.unit())
                .setRequestedBy(caller.subject() == null ? "" : caller.subject())
                .addAllRequesterRoles(roles)
                .build();
        int n = question.identifiers().size();

        // 1. one short transaction: the user's daily limit (its only write, committed without
        // waiting for the disk), then partners are asked (they answer while we look at our own
        // holdings), then the local match
        Map<String, ListenableFuture<HitCheckResponse>> answers = new LinkedHashMap<>();
        List<HitView> hits;
        try {
            hits = QuarkusTransaction.requiringNew().call(() -> {
                int used = records.countTowardsUserQuota(trustList.selfCode(), caller.subject(), today(), n);
                if (used > config.hitCheck().userDailyQuota()) {
                    throw new UserLimitReached(used - n);
                }
                for (String partner : trustList.deliveryPartners()) {
                    if (types().keySet().stream().anyMatch(t -> trustList.mayReceive(partner, t))) {
                        answers.put(partner, ask(partner, request));
                    }
                }
                return localHits(caller, question);
            });
        } catch (UserLimitReached e) {
            String reason = "daily limit of " + config.hitCheck().userDailyQuota() + " identifiers per user reached ("
                    + e.usedBefore + " used today)";
            auditLog.append(new AuditEntry(
                    caller.subject(),
                    caller.jurisdiction(),
                    "hitcheck.refused",
                    auditType(),
                    checkId.toString(),
                    reason + "; hashes " + hashesOf(question.identifiers())));
            throw new LimitReachedProblem(reason);
        } catch (RuntimeException e) {
            answers.values().forEach(f -> f.cancel(true));
            throw e;
        }

        // 2. the wait for partners: no transaction, no connection
        List<String> asked = new ArrayList<>(answers.keySet());
        Map<String, String> unavailable = new LinkedHashMap<>();
        // why a partner's answer was refused, for the audit (the user sees MALFORMED_ANSWER)
        Map<String, String> malformed = new LinkedHashMap<>();
        for (Map.Entry<String, ListenableFuture<HitCheckResponse>> answer : answers.entrySet()) {
            String partner = answer.getKey();
            try {
                hits.addAll(partnerHits(partner, answer.getValue().get(), question));
            } catch (MalformedAnswer e) {
                LOG.warnf("hit check %s: partner %s answered malformed: %s", checkId, partner, e.getMessage());
                unavailable.put(partner, MALFORMED_ANSWER);
                malformed.put(partner, clean(e.getMessage(), 200));
            } catch (ExecutionException e) {
                // a call that could not even start counts as the partner being unavailable
                Status.Code code = e.getCause() instanceof PartnerUnreachable
                        ? Status.Code.UNAVAILABLE
                        : Status.fromThrowable(e.getCause()).getCode();
                LOG.warnf(
                        "hit check %s: partner %s did not answer: %s",
                        checkId,
                        partner,
                        e.getCause() instanceof PartnerUnreachable
                                ? code + " " + e.getCause().getMessage()
                                : Status.fromThrowable(e.getCause()));
                unavailable.put(partner, code.name());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answers.values().forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while waiting for partners", e);
            }
        }

        // 3. the record, in its own short transaction
        List<HitReference> matched = hits.stream()
                .map(h -> new HitReference(h.owner(), h.recordType(), h.recordId()))
                .toList();
        auditLog.append(
                new AuditEntry(
                        caller.subject(),
                        caller.jurisdiction(),
                        "hitcheck.asked",
                        auditType(),
                        checkId.toString(),
                        n + " identifiers, " + hits.size() + " hits "
                                + matched.stream().distinct().toList()
                                + ", hashes " + hashesOf(question.identifiers()) + ", roles " + roles
                                + ", asked " + asked + (unavailable.isEmpty() ? "" : ", unavailable " + unavailable)
                                + (malformed.isEmpty() ? "" : ", malformed " + malformed)),
                records.record(checkId, Direction.OUTBOUND, null, caller.subject(), caller.unit(), n, matched));
        return new Result(checkId, identifiers.size(), hits, asked, unavailable);
    }

    private Question question(List<Identifier> identifiers) {
        List<Asked> asked = new ArrayList<>();
        Map<VersionedHash, Asked> byHash = new LinkedHashMap<>();
        Set<Identifier> seen = new HashSet<>();
        for (int i = 0; i < identifiers.size(); i++) {
            Identifier id = identifiers.get(i);
            Identifier n = new Identifier(id.kind(), id.kind().normalise(id.value()));
            if (seen.add(n)) {
                Asked a = new Asked(i, n, blindIndex.hashes(n.kind().name(), n.value()));
                asked.add(a);
                a.hashes().forEach(h -> byHash.put(h, a));
            }
        }
        return new Question(asked, byHash);
    }

    private ListenableFuture<HitCheckResponse> ask(String partner, HitCheckRequest request) {
        try {
            return channels.futureStub(
                            partner,
                            HitCheckServiceGrpc::newFutureStub,
                            config.hitCheck().partnerTimeout())
                    .check(request);
        } catch (RuntimeException e) {
            return com.google.common.util.concurrent.Futures.immediateFailedFuture(
                    new PartnerUnreachable(e.getMessage()));
        }
    }

    /** Our holdings the user may hit: ours and partners' replicas held here, by the same rule as partners apply. */
    private List<HitView> localHits(BorderPrincipal caller, Question question) {
        Asker asker = new Asker(caller.jurisdiction(), Set.copyOf(caller.roles()), true);
        List<HitView> hits = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (HitCheckable type : types().values()) {
            for (Matched m : matched(type, asker, question.byHash().keySet())) {
                Asked a = question.byHash().get(m.hash());
                if (!seen.add(List.of(a.index(), type.recordType(), m.hit().recordId()))) {
                    continue; // the same identifier under another key version
                }
                hits.add(new HitView(
                        a.index(),
                        a.identifier().kind(),
                        a.identifier().value(),
                        type.recordType(),
                        m.hit().owner(),
                        name(m.hit().owner()),
                        m.hit().unit(),
                        m.hit().recordId(),
                        m.hit().summary(),
                        true));
            }
        }
        return hits;
    }

    /** A record the asker may learn of, and the asked hash that matched one of its subjects. */
    private record Matched(VersionedHash hash, RecordHit hit) {}

    /**
     * The records of a type whose subjects hash to one of these (under the version asked), that
     * the asker may learn of: per hash, each record once, in the type's order.
     */
    private List<Matched> matched(HitCheckable type, Asker asker, Set<VersionedHash> asked) {
        Set<String> hexHashes = asked.stream().map(VersionedHash::hash).collect(Collectors.toSet());
        Map<String, List<VersionedHash>> byRecord = new LinkedHashMap<>();
        for (SubjectHashes.Match m : hashes.matches(type.recordType(), hexHashes)) {
            if (asked.contains(m.hash())) {
                byRecord.computeIfAbsent(m.recordId(), r -> new ArrayList<>()).add(m.hash());
            }
        }
        if (byRecord.isEmpty()) {
            return List.of();
        }
        List<Matched> matched = new ArrayList<>();
        for (RecordHit hit : type.hits(asker, byRecord.keySet())) {
            for (VersionedHash h : byRecord.getOrDefault(hit.recordId(), List.of())) {
                matched.add(new Matched(h, hit));
            }
        }
        return matched;
    }

    /** A partner's hits, all well-formed, or none: one bad hit and the whole answer is suspect. */
    private List<HitView> partnerHits(String partner, HitCheckResponse response, Question question)
            throws MalformedAnswer {
        List<HitView> hits = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        Map<Integer, Integer> perIdentifier = new HashMap<>();
        for (Hit hit : response.getHitsList()) {
            Asked a = question.byHash()
                    .get(new VersionedHash(
                            hit.getKeyVersion(),
                            HexFormat.of().formatHex(hit.getIdentifierHash().toByteArray())));
            if (a == null) {
                throw new MalformedAnswer("a hit on a hash we did not ask about");
            }
            if (perIdentifier.merge(a.index(), 1, Integer::sum) > MAX_HITS_PER_IDENTIFIER) {
                throw new MalformedAnswer("more than " + MAX_HITS_PER_IDENTIFIER + " hits for one identifier");
            }
            if (!hit.getOwner().equals(partner)) {
                throw new MalformedAnswer("a hit owned by " + hit.getOwner());
            }
            HitCheckable type = types().get(hit.getRecordType());
            if (type == null || !trustList.mayReceive(partner, type.recordType())) {
                throw new MalformedAnswer("a hit on record type " + clean(hit.getRecordType(), 100));
            }
            if (hit.getRecordId().isEmpty() || !fits(hit.getRecordId(), MAX_RECORD_ID)) {
                throw new MalformedAnswer("a record id of " + hit.getRecordId().length() + " characters");
            }
            if (hit.getSummaryCount() > MAX_SUMMARY_ENTRIES
                    || !hit.getSummaryMap().entrySet().stream()
                            .allMatch(
                                    e -> fits(e.getKey(), MAX_SUMMARY_KEY) && fits(e.getValue(), MAX_SUMMARY_VALUE))) {
                throw new MalformedAnswer("a summary of more than " + MAX_SUMMARY_ENTRIES + " entries or too long");
            }
            Map<String, String> summary;
            try {
                summary = type.readSummary(partner, hit.getRecordId(), hit.getSummaryMap());
            } catch (IllegalArgumentException e) {
                throw new MalformedAnswer(e.getMessage());
            }
            if (!fits(hit.getUnit(), MAX_UNIT)) {
                throw new MalformedAnswer(
                        "a unit of " + hit.getUnit().length() + " characters or with control characters");
            }
            if (seen.add(List.of(a.index(), type.recordType(), hit.getRecordId()))) {
                hits.add(new HitView(
                        a.index(),
                        a.identifier().kind(),
                        a.identifier().value(),
                        type.recordType(),
                        partner,
                        name(partner),
                        hit.getUnit(),
                        hit.getRecordId(),
                        summary,
                        false));
            }
        }
        return hits;
    }

    /**
     * A partner asks about our records, for one of its users: the agreement, the request and the
     * user's roles first, then the partner's and the user's daily limits, then hits among our
     * own records of the types the agreement shares with the partner that the user may learn of
     * (each type's rule), at most {@value #MAX_HITS_PER_IDENTIFIER} per identifier.
     */
    public HitCheckResponse answer(String peer, HitCheckRequest request) {
        String actor = actor(peer, request.getRequestedBy());
        try {
            if (!trustList.isPartner(peer)) {
                throw new ForbiddenProblem("not a partner");
            }
            List<HitCheckable> shared = types().values().stream()
                    .filter(t -> trustList.mayReceive(peer, t.recordType()))
                    .toList();
            if (shared.isEmpty()) {
                throw new ForbiddenProblem(
                        "the agreement does not share " + String.join(", ", types().keySet()) + " with " + peer);
            }
            UUID checkId = validate(request);
            Set<String> roles = Set.copyOf(request.getRequesterRolesList());
            if (!mayCheck(roles)) {
                throw new ForbiddenProblem(
                        "the asking user holds no role that may check " + "(investigator, analyst, commander)");
            }
            // the hashes under key versions we hold, by identifier; other versions cannot hit here
            Set<Integer> held = blindIndex.versions();
            Map<VersionedHash, Integer> byHash = new LinkedHashMap<>();
            for (int i = 0; i < request.getIdentifiersCount(); i++) {
                for (KeyedHash h : request.getIdentifiers(i).getHashesList()) {
                    if (held.contains(h.getKeyVersion())) {
                        byHash.put(
                                new VersionedHash(
                                        h.getKeyVersion(),
                                        HexFormat.of().formatHex(h.getHash().toByteArray())),
                                i);
                    }
                }
            }
            // 1. one short transaction: the match, then the partner's and the user's limits (refused:
            // rolled back, so nothing counts), committed without waiting for the disk
            Asker asker = new Asker(peer, roles, false);
            List<Owned> matches = QuarkusTransaction.requiringNew()
                    .call(() -> matchWithinLimits(peer, request, shared, asker, byHash.keySet()));
            // 2. the answer, its record and audit
            return answer(peer, actor, checkId, request, byHash, matches);
        } catch (ProblemException e) {
            refusals.refused(peer, actor, e, request);
            throw e;
        }
    }

    /** One of our records a partner's user may learn of, the type's rank and the hash that matched. */
    private record Owned(HitCheckable type, int rank, Matched matched) {}

    private List<Owned> matchWithinLimits(
            String peer, HitCheckRequest request, List<HitCheckable> shared, Asker asker, Set<VersionedHash> asked) {
        List<Owned> matches = new ArrayList<>();
        for (HitCheckable type : shared) {
            int rank = 0;
            for (Matched m : matched(type, asker, asked)) {
                if (m.hit().owner().equals(trustList.selfCode())) {
                    matches.add(new Owned(type, rank++, m));
                }
            }
        }
        int n = request.getIdentifiersCount();
        HitCheckRecords.Counts counts = records.countTowardsPartnerQuotas(peer, request.getRequestedBy(), today(), n);
        if (counts.partner() > config.hitCheck().dailyQuota()) {
            throw new LimitReachedProblem("daily quota of " + config.hitCheck().dailyQuota() + " identifiers used up");
        }
        if (counts.user() > config.hitCheck().partnerUserDailyQuota()) {
            // the user's name is not repeated here: a refusal's description is the same for every user
            throw new LimitReachedProblem("daily limit of " + config.hitCheck().partnerUserDailyQuota()
                    + " identifiers for the asking user used up");
        }
        return matches;
    }

    private HitCheckResponse answer(
            String peer,
            String actor,
            UUID checkId,
            HitCheckRequest request,
            Map<VersionedHash, Integer> byHash,
            List<Owned> matches) {
        int n = request.getIdentifiersCount();
        // per identifier, each record once, in the order its type ranks them, at most MAX_HITS_PER_IDENTIFIER
        Map<Integer, List<Owned>> perIdentifier = new TreeMap<>();
        Set<List<Object>> seen = new HashSet<>();
        for (Owned m : matches) {
            Integer identifier = byHash.get(m.matched().hash());
            if (identifier != null
                    && seen.add(List.of(
                            identifier, m.type().recordType(), m.matched().hit().recordId()))) {
                perIdentifier
                        .computeIfAbsent(identifier, i -> new ArrayList<>())
                        .add(m);
            }
        }
        HitCheckResponse.Builder response = HitCheckResponse.newBuilder();
        List<HitReference> matched = new ArrayList<>();
        for (List<Owned> hits : perIdentifier.values()) {
            hits.sort(Comparator.comparingInt(Owned::rank));
            for (Owned o : hits.subList(0, Math.min(hits.size(), MAX_HITS_PER_IDENTIFIER))) {
                RecordHit hit = o.matched().hit();
                response.addHits(Hit.newBuilder()
                        .setIdentifierHash(ByteString.copyFrom(
                                HexFormat.of().parseHex(o.matched().hash().hash())))
                        .setKeyVersion(o.matched().hash().keyVersion())
                        .setOwner(hit.owner())
                        .setUnit(hit.unit())
                        .setRecordType(o.type().recordType())
                        .setRecordId(hit.recordId())
                        .putAllSummary(hit.summary()));
                matched.add(new HitReference(hit.owner(), o.type().recordType(), hit.recordId()));
            }
        }
        int ignored = request.getIdentifiersList().stream()
                        .mapToInt(CheckedIdentifier::getHashesCount)
                        .sum()
                - byHash.size();
        auditLog.append(
                new AuditEntry(
                        actor,
                        peer,
                        "hitcheck.answered",
                        auditType(),
                        checkId.toString(),
                        n + " identifiers, " + matched.size() + " hits "
                                + matched.stream().distinct().toList() + ", hashes "
                                + hashesOf(request, byHash.keySet())
                                + (ignored == 0 ? "" : " (" + ignored + " under key versions not held here, ignored)")
                                + ", roles "
                                + clean(String.join(",", new TreeSet<>(request.getRequesterRolesList())), 1100)
                                + ", unit " + request.getRequestingUnit()),
                records.record(
                        checkId,
                        Direction.INBOUND,
                        peer,
                        request.getRequestedBy(),
                        request.getRequestingUnit(),
                        n,
                        matched));
        return response.build();
    }

    /** A partner's request as the contract has it, or INVALID_ARGUMENT saying what is wrong. */
    private static UUID validate(HitCheckRequest request) {
        UUID checkId;
        try {
            checkId = UUID.fromString(request.getCheckId());
        } catch (IllegalArgumentException e) {
            throw invalid("check_id is not a UUID");
        }
        int n = request.getIdentifiersCount();
        if (n == 0 || n > MAX_IDENTIFIERS) {
            throw invalid("1 to " + MAX_IDENTIFIERS + " identifiers");
        }
        for (CheckedIdentifier identifier : request.getIdentifiersList()) {
            Set<Integer> versions = new HashSet<>();
            if (identifier.getHashesCount() == 0 || identifier.getHashesCount() > AgreementBlindIndex.MAX_VERSIONS) {
                throw invalid("each identifier has 1 to " + AgreementBlindIndex.MAX_VERSIONS + " hashes");
            }
            for (KeyedHash hash : identifier.getHashesList()) {
                if (hash.getKeyVersion() < 1
                        || hash.getKeyVersion() > AgreementBlindIndex.MAX_VERSION
                        || !versions.add(hash.getKeyVersion())) {
                    throw invalid(
                            "key versions are 1 to " + AgreementBlindIndex.MAX_VERSION + ", each once per identifier");
                }
                if (hash.getHash().size() != HASH_BYTES) {
                    throw invalid("hashes have " + HASH_BYTES + " bytes");
                }
            }
        }
        if (!fits(request.getRequestedBy(), MAX_REQUESTED_BY) || !fits(request.getRequestingUnit(), MAX_UNIT)) {
            throw invalid("requested_by has at most " + MAX_REQUESTED_BY + " characters, requesting_unit at most "
                    + MAX_UNIT + ", neither control characters");
        }
        if (request.getRequesterRolesCount() > MAX_ROLES
                || !request.getRequesterRolesList().stream().allMatch(r -> fits(r, 50))) {
            throw invalid("at most " + MAX_ROLES + " requester roles of at most 50 characters");
        }
        return checkId;
    }

    private static boolean fits(String value, int max) {
        return value.length() <= max && value.chars().noneMatch(Character::isISOControl);
    }

    private static InvalidProblem invalid(String description) {
        return new InvalidProblem(description);
    }

    /** Who asked, for the audit: the partner and the user as it names them (made fit for the column). */
    static String actor(String peer, String requestedBy) {
        return "peer:" + peer + "/" + clean(requestedBy.isEmpty() ? "unknown" : requestedBy, 180);
    }

    static String clean(String value, int max) {
        String printable = value.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= max ? printable : printable.substring(0, max) + "…";
    }

    /** The hashes of a check as audited: per identifier, version:hex for each key version. */
    private static String hashesOf(List<Asked> identifiers) {
        return identifiers.stream()
                .map(a -> a.hashes().stream()
                        .map(h -> h.keyVersion() + ":" + h.hash())
                        .collect(Collectors.joining(" ")))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The hashes of a valid request that we used (those under key versions we hold), per identifier. */
    private static String hashesOf(HitCheckRequest request, Set<VersionedHash> used) {
        return request.getIdentifiersList().stream()
                .map(i -> i.getHashesList().stream()
                        .map(h -> new VersionedHash(
                                h.getKeyVersion(),
                                HexFormat.of().formatHex(h.getHash().toByteArray())))
                        .filter(used::contains)
                        .map(h -> h.keyVersion() + ":" + h.hash())
                        .collect(Collectors.joining(" ")))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.ofHours(8));
    }

    private String name(String code) {
        return code.equals(trustList.selfCode())
                ? trustList.selfName()
                : trustList.partner(code).map(p -> p.name()).orElse(code);
    }

    /** The user's daily limit is reached: the transaction rolls back, nobody is asked. */
    private static final class UserLimitReached extends RuntimeException {
        final int usedBefore;

        UserLimitReached(int usedBefore) {
            super(null, null, false, false);
            this.usedBefore = usedBefore;
        }
    }

    /** A partner we could not even start to call (no channel, no token). */
    private static final class PartnerUnreachable extends Exception {
        PartnerUnreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** A partner's answer that does not keep the contract. */
    private static final class MalformedAnswer extends Exception {
        MalformedAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
