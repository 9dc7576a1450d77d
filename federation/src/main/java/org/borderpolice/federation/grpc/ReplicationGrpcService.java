package org.borderpolice.federation.grpc;

import jakarta.inject.Inject;

import org.borderpolice.federation.inbox.Inbox;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationService;

import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Receiving end of replication. The caller must be a partner's service account (role "peer");
 * its jurisdiction, taken from the issuer of its token, is the only origin it may deliver.
 * The check is made in {@link GrpcPeers} rather than with @RolesAllowed so that a caller without a
 * trusted token gets UNAUTHENTICATED and a trusted caller without the role gets PERMISSION_DENIED.
 */
@GrpcService
public class ReplicationGrpcService implements ReplicationService {

    @Inject
    Inbox inbox;

    @Inject
    CurrentIdentityAssociation identities;

    @Override
    public Multi<DeliveryAck> deliver(Multi<DeliveryBatch> batches) {
        return GrpcPeers.peer(identities).onItem().transformToMulti(peer -> {
            // batches of one stream are applied one after the other, off the event loop
            return batches.onItem().transformToUniAndConcatenate(batch -> Uni.createFrom()
                    .item(() -> inbox.receive(peer, batch))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
        });
    }
}
