package org.borderpolice.federation.grpc;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditAnchors;
import org.borderpolice.federation.audit.PartnerHeads;
import org.borderpolice.federation.proto.audit.v1.ExchangeResult;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsRequest;
import org.borderpolice.federation.proto.audit.v1.HeldHeadsResponse;
import org.borderpolice.federation.proto.audit.v1.ProveRequest;
import org.borderpolice.federation.proto.audit.v1.ProveResponse;
import org.borderpolice.federation.proto.audit.v1.SignedHead;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Anchoring of audit chains with partners (border.audit.v1.AuditAnchorService): callers are
 * partners' service accounts (role "peer", checked by {@link GrpcPeers#partner}: our own relay
 * or a jurisdiction that is no partner gets PERMISSION_DENIED). Exchange never blocks a thread
 * while it asks the partner back (PartnerHeads); the rest reads or writes the database off the
 * event loop, one call at a time per partner and at a bounded rate ({@link AuditCallLimits}).
 */
@GrpcService
public class AuditAnchorGrpcService
        extends org.borderpolice.federation.proto.audit.v1.MutinyAuditAnchorServiceGrpc.AuditAnchorServiceImplBase {

    /** Requests that are no valid protobuf are refused (INVALID_ARGUMENT), not left to the server. */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return org.borderpolice.federation.grpc.UndecodableMessages.guard(super.bindService());
    }

    @Inject
    AuditAnchors anchors;

    @Inject
    PartnerHeads heads;

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    AuditCallLimits limits;

    @Override
    public Uni<ExchangeResult> exchange(SignedHead request) {
        return GrpcPeers.partner(identities)
                .onItem()
                .transformToUni(peer -> Uni.createFrom().completionStage(() -> heads.receive(peer, request)));
    }

    @Override
    public Uni<ProveResponse> prove(ProveRequest request) {
        return GrpcPeers.partner(identities)
                .onItem()
                .transformToUni(peer -> limited(peer, () -> anchors.prove(request.getPosition())));
    }

    @Override
    public Uni<HeldHeadsResponse> heldHeads(HeldHeadsRequest request) {
        return GrpcPeers.partner(identities)
                .onItem()
                .transformToUni(peer -> limited(peer, () -> heads.held(peer, request.getEvidenceBefore())));
    }

    @Override
    public Uni<ExchangeResult> holdCheckpoint(SignedHead request) {
        return GrpcPeers.partner(identities)
                .onItem()
                .transformToUni(peer -> limited(peer, () -> heads.holdCheckpoint(peer, request)));
    }

    /** Off the event loop, within the partner's limits (AuditCallLimits: RESOURCE_EXHAUSTED beyond). */
    private <T> Uni<T> limited(String peer, Callable<T> work) {
        AuditCallLimits.Permit permit = limits.take(peer);
        return blocking(work).onTermination().invoke(permit::release);
    }

    private static <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return work.call();
                    } catch (java.sql.SQLException e) {
                        // never SQL to a partner
                        throw Status.UNAVAILABLE
                                .withDescription("the audit log could not be read; try again later")
                                .asRuntimeException();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
