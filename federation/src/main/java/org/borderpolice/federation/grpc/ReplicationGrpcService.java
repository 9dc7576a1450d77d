package org.borderpolice.federation.grpc;

import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.Inbox;
import org.borderpolice.federation.inbox.InboxUnavailableException;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationService;
import org.jboss.logging.Logger;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Receiving end of replication. The caller must be a partner's service account (role "peer");
 * its jurisdiction, taken from the issuer of its token, is the only origin it may deliver.
 * The check is made in {@link GrpcPeers} rather than with @RolesAllowed so that a caller without a
 * trusted token gets UNAUTHENTICATED and a trusted caller without the role gets PERMISSION_DENIED.
 * Each batch counts against the partner's request rate ({@link PeerLimits}). A failure reaches
 * the partner as a status without our internals: UNAVAILABLE while the inbox cannot store
 * anything (send again later), INTERNAL otherwise; what happened goes to our log.
 */
@GrpcService
public class ReplicationGrpcService implements ReplicationService {

    private static final Logger LOG = Logger.getLogger(ReplicationGrpcService.class);

    @Inject
    Inbox inbox;

    @Inject
    PeerLimits limits;

    @Inject
    CurrentIdentityAssociation identities;

    @Override
    public Multi<DeliveryAck> deliver(Multi<DeliveryBatch> batches) {
        return GrpcPeers.peer(identities).onItem().transformToMulti(peer -> {
            // batches of one stream are applied one after the other, off the event loop
            return batches.onItem().transformToUniAndConcatenate(batch -> Uni.createFrom()
                    .item(() -> {
                        limits.request(peer);
                        return inbox.receive(peer, batch);
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
        }).onFailure().transform(ReplicationGrpcService::toStatus);
    }

    static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException || failure instanceof StatusException
                || failure instanceof AuthenticationException || failure instanceof SecurityException) {
            // a status of our own, or a refused token that Quarkus answers UNAUTHENTICATED / PERMISSION_DENIED
            return failure;
        }
        if (failure instanceof InboxUnavailableException unavailable) {
            return Status.UNAVAILABLE.withDescription(unavailable.getMessage()).asRuntimeException();
        }
        LOG.error("a partner's batch failed", failure);
        return Status.INTERNAL.withDescription("the receiver could not process the batch; it has logged why")
                .asRuntimeException();
    }
}
