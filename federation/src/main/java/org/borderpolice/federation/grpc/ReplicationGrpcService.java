package org.borderpolice.federation.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
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
 *
 * <p>A stream is authorised once, when it opens, so it lasts no longer than that authorisation:
 * it is closed with UNAUTHENTICATED when the token it opened with expires, and at the latest
 * {@code border.federation.peer-stream.max-age} after it opened. The sending relay reopens its
 * stream with a fresh token before either happens.
 *
 * <p>Each batch counts against the partner's request rate ({@link PeerLimits}). A failure reaches
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

    @Inject
    FederationConfig config;

    @Override
    public Multi<DeliveryAck> deliver(Multi<DeliveryBatch> batches) {
        Instant opened = Instant.now();
        return GrpcPeers.authorise(identities).onItem().transformToMulti(peer -> {
            Instant tooOld = opened.plus(config.peerStream().maxAge());
            Instant closeAt = peer.tokenExpiresAt().isBefore(tooOld) ? peer.tokenExpiresAt() : tooOld;
            String why = closeAt.equals(tooOld)
                    ? "the stream is older than " + config.peerStream().maxAge() + "; reopen it with a fresh token"
                    : "the peer token of this stream expired at " + closeAt + "; reopen it with a fresh token";
            AtomicBoolean senderEnded = new AtomicBoolean();
            // batches of one stream are applied one after the other, off the event loop
            Multi<DeliveryAck> acks = batches.onItem().transformToUniAndConcatenate(batch -> Instant.now().isBefore(closeAt)
                    ? Uni.createFrom().item(() -> {
                        limits.request(peer.jurisdiction());
                        return inbox.receive(peer.jurisdiction(), batch);
                    })
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    : Uni.createFrom().failure(() -> expired(peer, why)))
                    .onCompletion().invoke(() -> senderEnded.set(true));
            // an idle stream is closed at the deadline too, not only when its next batch comes
            return acks.select().first(positive(Duration.between(Instant.now(), closeAt)))
                    .onCompletion().switchTo(() -> senderEnded.get() ? Multi.createFrom().empty()
                            : Multi.createFrom().failure(expired(peer, why)));
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

    private static RuntimeException expired(GrpcPeers.AuthorisedPeer peer, String why) {
        LOG.infof("closing the delivery stream of %s: %s", peer.jurisdiction(), why);
        return Status.UNAUTHENTICATED.withDescription(why).asRuntimeException();
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }
}
