package org.borderpolice.federation.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.inbox.Inbox;
import org.borderpolice.federation.inbox.InboxUnavailableException;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;
import org.jboss.logging.Logger;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Receiving end of replication. The caller must be a partner's service account (role "peer");
 * its jurisdiction, taken from the issuer of its token, is the only origin it may deliver.
 * The check is made in {@link GrpcPeers} rather than with @RolesAllowed so that a caller without a
 * trusted token gets UNAUTHENTICATED and a trusted caller without the role gets PERMISSION_DENIED.
 *
 * <p>Flow control: a stream reads its next batch off the wire only when one arrives within what
 * the sender may have unacknowledged (max-unacknowledged-batches; our relay has two in flight).
 * A sender that writes further ahead is cut off with RESOURCE_EXHAUSTED at once, so no partner
 * can pile batches up in our memory faster than we apply them. Each batch is counted against the
 * partner's rate when it arrives (one request per event, {@link PeerLimits}: it waits up to
 * max-wait for the allowance), and is applied when fewer than max-concurrent-batches of the
 * partner's are being applied (each holds a database connection); a batch of more than
 * max-batch-events events is refused whole (INVALID_ARGUMENT). Batches of one stream are applied
 * one after the other, in order, and the next only while the sender reads our acknowledgements
 * (the call is ready): a sender that leaves them unread gets no more applied, and is cut off by
 * max-unacknowledged-batches if it writes on.
 *
 * <p>A stream is authorised once, when it opens, so it lasts no longer than that authorisation:
 * it is closed with UNAUTHENTICATED {@code peer-stream.expiry-grace} after the token it opened
 * with expires (clocks of two jurisdictions differ), and at the latest
 * {@code border.federation.peer-stream.max-age} after it opened; a batch being applied then is
 * acknowledged first. The sending relay reopens its stream with a fresh token before either
 * happens. The call keeps its place among the partner's calls until its last batch has been
 * applied, even if the sender cancelled it.
 *
 * <p>A failure reaches the partner as a status without our internals: UNAVAILABLE while the inbox
 * cannot store anything (send again later), INTERNAL otherwise; what happened goes to our log.
 * Everything a stream does with its call happens on the call's own event-loop context.
 */
@GrpcService
public class ReplicationGrpcService extends ReplicationServiceGrpc.ReplicationServiceImplBase {

    /** Requests that are no valid protobuf are refused (INVALID_ARGUMENT), not left to the server. */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return org.borderpolice.federation.grpc.UndecodableMessages.guard(super.bindService());
    }

    private static final Logger LOG = Logger.getLogger(ReplicationGrpcService.class);

    @Inject
    Inbox inbox;

    @Inject
    PeerLimits limits;

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    FederationConfig config;

    @Inject
    Vertx vertx;

    @Override
    public StreamObserver<DeliveryBatch> deliver(StreamObserver<DeliveryAck> responses) {
        ServerCallStreamObserver<DeliveryAck> call = (ServerCallStreamObserver<DeliveryAck>) responses;
        // nothing is read off the wire until the partner is authorised, then one batch at a time
        call.disableAutoRequest();
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        Stream stream = new Stream(call, context, CallAdmission.KEY.get(), Instant.now());
        call.setOnCancelHandler(() -> context.runOnContext(v -> stream.cancelled()));
        // an acknowledgement the partner has not read holds the next batch back (see startNext)
        call.setOnReadyHandler(() -> context.runOnContext(v -> stream.ready()));
        GrpcPeers.authorise(identities)
                .subscribe()
                .with(
                        peer -> context.runOnContext(v -> stream.authorised(peer)),
                        failure -> context.runOnContext(v -> stream.fail(toStatus(failure))));
        return stream;
    }

    /** A batch id as the contract has it: a UUID in its canonical text form. */
    static boolean isBatchId(String id) {
        if (id.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(id).toString().equals(id.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static Status toStatus(Throwable failure) {
        Throwable f = unwrap(failure);
        if (f instanceof StatusRuntimeException || f instanceof StatusException) {
            // a status of our own (refusals, limits): without its cause
            Status status = Status.fromThrowable(f);
            return Status.fromCode(status.getCode()).withDescription(status.getDescription());
        }
        if (f instanceof AuthenticationException) {
            return Status.UNAUTHENTICATED.withDescription("the bearer token was not accepted");
        }
        if (f instanceof ForbiddenException || f instanceof SecurityException) {
            return Status.PERMISSION_DENIED.withDescription("not allowed");
        }
        if (f instanceof InboxUnavailableException unavailable) {
            return Status.UNAVAILABLE.withDescription(unavailable.getMessage());
        }
        LOG.error("a partner's batch failed", f);
        return Status.INTERNAL.withDescription("the receiver could not process the batch; it has logged why");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable f = failure;
        while ((f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null) {
            f = f.getCause();
        }
        return f;
    }

    /** One Deliver call. Used on the call's context only (so without locks), except where said. */
    private final class Stream implements StreamObserver<DeliveryBatch> {
        private final ServerCallStreamObserver<DeliveryAck> call;
        private final Context context;
        private final CallAdmission admission;
        private final Instant opened;
        private final Deque<DeliveryBatch> waiting = new ArrayDeque<>();
        private String peer;
        private Instant closeAt;
        private String expiredWhy;
        private long timer = -1;
        /** A batch of this stream is on its way through the limits and the inbox. */
        private boolean working;
        /** The deadline passed while a batch was being applied: close once it is acknowledged. */
        private boolean closeWhenAcknowledged;

        private boolean senderDone;
        private boolean closed;

        Stream(ServerCallStreamObserver<DeliveryAck> call, Context context, CallAdmission admission, Instant opened) {
            this.call = call;
            this.context = context;
            this.admission = admission;
            this.opened = opened;
        }

        void authorised(GrpcPeers.AuthorisedPeer authorised) {
            if (closed) {
                return;
            }
            peer = authorised.jurisdiction();
            Instant tooOld = opened.plus(config.peerStream().maxAge());
            Instant tokenOver =
                    authorised.tokenExpiresAt().plus(config.peerStream().expiryGrace());
            closeAt = tokenOver.isBefore(tooOld) ? tokenOver : tooOld;
            expiredWhy = closeAt.equals(tooOld)
                    ? "the stream is older than " + config.peerStream().maxAge() + "; reopen it with a fresh token"
                    : "the peer token of this stream expired at " + authorised.tokenExpiresAt()
                            + "; reopen it with a fresh token";
            long millis = Math.max(1, Duration.between(Instant.now(), closeAt).toMillis());
            // an idle stream is closed at the deadline too, not only when its next batch comes
            timer = vertx.setTimer(millis, id -> context.runOnContext(v -> deadline()));
            call.request(1);
        }

        @Override
        public void onNext(DeliveryBatch batch) {
            if (closed || peer == null) {
                return;
            }
            FederationConfig.Inbound inbound = limits.settings();
            if (batch.getEventsCount() == 0) {
                fail(Status.INVALID_ARGUMENT.withDescription("a batch carries at least one event"));
                return;
            }
            if (!isBatchId(batch.getBatchId())) {
                fail(Status.INVALID_ARGUMENT.withDescription("batch_id is a UUID in its text form"));
                return;
            }
            if (batch.getEventsCount() > inbound.maxBatchEvents()) {
                fail(Status.INVALID_ARGUMENT.withDescription("a batch may carry at most " + inbound.maxBatchEvents()
                        + " events here; this one has " + batch.getEventsCount() + ": send them in smaller batches"));
                return;
            }
            if (waiting.size() + (working ? 1 : 0) >= inbound.maxUnacknowledgedBatches()) {
                limits.refused(peer, "unacknowledged");
                fail(Status.RESOURCE_EXHAUSTED.withDescription("at most " + inbound.maxUnacknowledgedBatches()
                        + " batches of a stream may await their acknowledgements here; send the next when one is "
                        + "acknowledged"));
                return;
            }
            waiting.add(batch);
            // keep reading: a sender running ahead is seen (and cut off) as it does, not buffered
            call.request(1);
            startNext();
        }

        private void startNext() {
            // not while the partner leaves our acknowledgements unread: they would pile up here
            // (the bridge queues every write); it resumes in ready(), and a sender that goes on
            // writing meanwhile is cut off by max-unacknowledged-batches
            if (closed || working || waiting.isEmpty() || !call.isReady()) {
                return;
            }
            if (!Instant.now().isBefore(closeAt)) {
                expire();
                return;
            }
            DeliveryBatch batch = waiting.poll();
            working = true;
            if (admission != null) {
                admission.workStarted();
            }
            String from = peer;
            limits.requests(from, Math.max(1, batch.getEventsCount()))
                    .thenCompose(v ->
                            limits.work(from, () -> inbox.receive(from, batch), Infrastructure.getDefaultWorkerPool()))
                    .whenComplete((ack, failure) -> {
                        // any thread: the call's place is given back once its work is over
                        if (admission != null) {
                            admission.workEnded();
                        }
                        context.runOnContext(v -> finished(ack, failure));
                    });
        }

        private void finished(DeliveryAck ack, Throwable failure) {
            working = false;
            if (closed) {
                return;
            }
            if (failure != null) {
                fail(toStatus(failure));
                return;
            }
            try {
                call.onNext(ack);
            } catch (RuntimeException gone) {
                // cancelled meanwhile
                closed = true;
                return;
            }
            if (closeWhenAcknowledged) {
                expire();
            } else if (senderDone && waiting.isEmpty()) {
                complete();
            } else {
                startNext();
            }
        }

        /** The partner has read what we wrote: the next batch may go. */
        void ready() {
            if (closed || working || peer == null || closeWhenAcknowledged) {
                return;
            }
            if (senderDone && waiting.isEmpty()) {
                complete();
            } else {
                startNext();
            }
        }

        private void deadline() {
            if (closed) {
                return;
            }
            if (working) {
                closeWhenAcknowledged = true;
            } else {
                expire();
            }
        }

        private void expire() {
            LOG.infof("closing the delivery stream of %s: %s", peer, expiredWhy);
            fail(Status.UNAUTHENTICATED.withDescription(expiredWhy));
        }

        @Override
        public void onError(Throwable t) {
            cancelled();
        }

        @Override
        public void onCompleted() {
            senderDone = true;
            if (!closed && !working && waiting.isEmpty()) {
                complete();
            }
        }

        void cancelled() {
            closed = true;
            waiting.clear();
            cancelTimer();
        }

        void fail(Status status) {
            if (closed) {
                return;
            }
            closed = true;
            waiting.clear();
            cancelTimer();
            try {
                call.onError(status.asRuntimeException());
            } catch (RuntimeException gone) {
                // the call was cancelled meanwhile
            }
        }

        private void complete() {
            closed = true;
            cancelTimer();
            try {
                call.onCompleted();
            } catch (RuntimeException gone) {
                // the call was cancelled meanwhile
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
