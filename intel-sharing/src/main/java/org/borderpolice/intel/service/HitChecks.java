package org.borderpolice.intel.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.blindindex.AgreementBlindIndex;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.outbox.PartnerChannels;
import org.borderpolice.federation.proto.intel.v1.Hit;
import org.borderpolice.federation.proto.intel.v1.HitCheckRequest;
import org.borderpolice.federation.proto.intel.v1.HitCheckResponse;
import org.borderpolice.federation.proto.intel.v1.HitCheckServiceGrpc;
import org.borderpolice.federation.trust.TrustList;
import org.borderpolice.intel.Severity;
import org.borderpolice.intel.SubjectKind;
import org.borderpolice.intel.config.IntelConfig;
import org.borderpolice.intel.repository.HitCheckRecords;
import org.borderpolice.intel.repository.HitCheckRecords.Direction;
import org.borderpolice.intel.repository.SubjectHashRepository;
import org.jboss.logging.Logger;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.quarkus.security.ForbiddenException;

/**
 * Hit/no-hit checks (比对). An analyst's identifiers are hashed with the agreement's key; the
 * hashes are matched against the alerts the analyst may see here and sent to every partner,
 * which answers for its own alerts (HIT_ONLY ones included) with owner, unit, reference and
 * severity only. Every check is recorded at both ends; each partner limits what others may
 * check per day.
 */
@ApplicationScoped
public class HitChecks {

    private static final Logger LOG = Logger.getLogger(HitChecks.class);
    static final int MAX_IDENTIFIERS = 100;

    @Inject
    AgreementBlindIndex blindIndex;

    @Inject
    SubjectHashRepository hashes;

    @Inject
    TrustList trustList;

    @Inject
    PartnerChannels channels;

    @Inject
    IntelConfig config;

    @Inject
    AuditLog auditLog;

    @Inject
    HitCheckRecords records;

    /** One identifier to check, already validated. */
    public record Identifier(SubjectKind kind, String value) {
    }

    /** A hit: which identifier (by position), where, and nothing of the alert's content. */
    public record HitView(int identifier, SubjectKind kind, String value, String owner, String ownerName, String unit,
            UUID alertId, Severity severity, boolean local) {
    }

    public record Result(UUID checkId, int identifiers, List<HitView> hits, List<String> partnersAsked,
            Map<String, String> partnersUnavailable) {
    }

    @Transactional
    public Result check(BorderPrincipal caller, List<Identifier> identifiers) {
        if (!caller.jurisdiction().equals(trustList.selfCode())) {
            throw new ForbiddenException("only users of " + trustList.selfCode() + " run checks here");
        }
        if (!caller.hasAnyRole(BorderPrincipal.INVESTIGATOR, BorderPrincipal.ANALYST, BorderPrincipal.COMMANDER)) {
            throw new ForbiddenException("hit/no-hit checks need role investigator, analyst or commander");
        }
        UUID checkId = UUID.randomUUID();
        Map<String, Integer> byHash = new LinkedHashMap<>();
        List<Identifier> normalised = new ArrayList<>();
        for (Identifier id : identifiers) {
            Identifier n = new Identifier(id.kind(), id.kind().normalise(id.value()));
            normalised.add(n);
            byHash.putIfAbsent(blindIndex.hash(n.kind().name(), n.value()), normalised.size() - 1);
        }
        HitCheckRequest request = HitCheckRequest.newBuilder().setCheckId(checkId.toString())
                .addAllIdentifierHashes(byHash.keySet().stream()
                        .map(h -> ByteString.copyFrom(HexFormat.of().parseHex(h))).toList())
                .setRequestingUnit(caller.unit() == null ? "" : caller.unit())
                .setRequestedBy(caller.subject() == null ? "" : caller.subject())
                .build();
        // partners are asked at once, and answer while we look at our own holdings
        Map<String, ListenableFuture<HitCheckResponse>> answers = new LinkedHashMap<>();
        for (String partner : trustList.deliveryPartners()) {
            if (trustList.mayReceive(partner, AlertService.RECORD_TYPE)) {
                answers.put(partner, channels.futureStub(partner, HitCheckServiceGrpc::newFutureStub,
                        config.hitCheck().partnerTimeout()).check(request));
            }
        }
        List<HitView> hits = new ArrayList<>();
        Instant now = Instant.now();
        for (SubjectHashRepository.Match m : hashes.visibleMatches(AlertService.viewer(caller), byHash.keySet(), now)) {
            int index = byHash.get(m.hash());
            hits.add(new HitView(index, normalised.get(index).kind(), normalised.get(index).value(), m.origin(),
                    name(m.origin()), m.unit(), m.alertId(), m.severity(), true));
        }
        List<String> asked = new ArrayList<>(answers.keySet());
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (Map.Entry<String, ListenableFuture<HitCheckResponse>> answer : answers.entrySet()) {
            String partner = answer.getKey();
            try {
                for (Hit hit : answer.getValue().get().getHitsList()) {
                    String hash = HexFormat.of().formatHex(hit.getIdentifierHash().toByteArray());
                    Integer index = byHash.get(hash);
                    if (index == null || !hit.getOwner().equals(partner)) {
                        continue; // not something we asked about, or not the partner's own
                    }
                    hits.add(new HitView(index, normalised.get(index).kind(), normalised.get(index).value(),
                            partner, name(partner), hit.getUnit(), UUID.fromString(hit.getAlertId()),
                            Severity.valueOf(hit.getSeverity().name()), false));
                }
            } catch (ExecutionException e) {
                Status status = Status.fromThrowable(e.getCause());
                LOG.warnf("hit check %s: partner %s did not answer: %s", checkId, partner, status);
                unavailable.put(partner, status.getCode().name());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answers.values().forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while waiting for partners", e);
            }
        }
        auditLog.append(new AuditEntry(caller.subject(), caller.jurisdiction(), "hitcheck.asked", "intel.hit-check",
                checkId.toString(), identifiers.size() + " identifiers, " + hits.size() + " hits, asked " + asked),
                records.record(checkId, Direction.OUTBOUND, null, caller.subject(), caller.unit(), identifiers.size(),
                        hits.size()));
        return new Result(checkId, identifiers.size(), hits, asked, unavailable);
    }

    /** A partner asks about our alerts: quota first, then hits among our own active alerts. */
    @Transactional
    public HitCheckResponse answer(String peer, HitCheckRequest request) {
        if (!trustList.isPartner(peer)) {
            throw Status.PERMISSION_DENIED.withDescription("not a partner").asRuntimeException();
        }
        int n = request.getIdentifierHashesCount();
        if (n == 0 || n > MAX_IDENTIFIERS) {
            throw Status.INVALID_ARGUMENT.withDescription("1 to " + MAX_IDENTIFIERS + " identifier hashes")
                    .asRuntimeException();
        }
        UUID checkId;
        try {
            checkId = UUID.fromString(request.getCheckId());
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription("check_id is not a UUID").asRuntimeException();
        }
        int used = records.countTowardsQuota(peer, LocalDate.now(ZoneOffset.ofHours(8)), n);
        if (used > config.hitCheck().dailyQuota()) {
            // the transaction rolls back: the refused identifiers do not count
            throw Status.RESOURCE_EXHAUSTED.withDescription("daily quota of " + config.hitCheck().dailyQuota()
                    + " identifiers used up").asRuntimeException();
        }
        List<String> asked = request.getIdentifierHashesList().stream()
                .map(b -> HexFormat.of().formatHex(b.toByteArray())).toList();
        HitCheckResponse.Builder response = HitCheckResponse.newBuilder();
        for (SubjectHashRepository.Match m : hashes.ownMatches(trustList.selfCode(), asked, Instant.now())) {
            response.addHits(Hit.newBuilder()
                    .setIdentifierHash(ByteString.copyFrom(HexFormat.of().parseHex(m.hash())))
                    .setOwner(m.origin())
                    .setUnit(m.unit())
                    .setAlertId(m.alertId().toString())
                    .setSeverity(org.borderpolice.federation.proto.intel.v1.Severity.valueOf(m.severity().name())));
        }
        auditLog.append(new AuditEntry("peer:" + peer + "/" + request.getRequestedBy(), peer, "hitcheck.answered",
                "intel.hit-check", checkId.toString(), n + " identifiers, " + response.getHitsCount() + " hits"),
                records.record(checkId, Direction.INBOUND, peer, request.getRequestedBy(), request.getRequestingUnit(), n,
                        response.getHitsCount()));
        return response.build();
    }

    private String name(String code) {
        return code.equals(trustList.selfCode()) ? trustList.selfName()
                : trustList.partner(code).map(p -> p.name()).orElse(code);
    }
}
