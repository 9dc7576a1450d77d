package org.borderpolice.federation.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.borderpolice.federation.identity.PeerTokens;
import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * One open Deliver stream to a partner. Batches go out on the stream; each acknowledgement
 * completes the future of its batch. Any error closes the stream and fails what is pending;
 * the next batch opens a new stream (with a fresh token).
 *
 * <p>The partner authorises a stream once, when it opens, and closes it when that token expires
 * or the stream grows too old. So a stream is renewed before that: once it is older than
 * renew-after or its token is due for renewal, the relay sends nothing more until the batches
 * in flight on it are acknowledged (batches of one stream are applied in order, and the new
 * stream must not overtake them: PartnerDelivery), then ends it and opens a new one with a
 * current token.
 *
 * <p>Opening a stream may have to fetch a token from our identity provider, which can take a
 * while: {@link #prepare()} does it, and the relay calls it before it claims (locks) the rows of
 * its next batch, so that no database transaction waits on the identity provider.
 * {@link #send} only ever uses the stream {@code prepare} made ready.
 */
final class DeliveryStream {

    private final Supplier<PeerTokens.PeerToken> tokens;
    private final Function<String, ReplicationServiceGrpc.ReplicationServiceStub> stubs;
    private final Duration renewAfter;
    private final Duration drainTimeout;
    private Call call;

    /**
     * @param tokens our current peer token for the partner (may block to fetch a new one)
     * @param stubs a stub that presents this bearer token
     * @param renewAfter reopen a stream after this long
     * @param drainTimeout how long renewal waits for the old stream's pending acknowledgements
     */
    DeliveryStream(
            Supplier<PeerTokens.PeerToken> tokens,
            Function<String, ReplicationServiceGrpc.ReplicationServiceStub> stubs,
            Duration renewAfter,
            Duration drainTimeout) {
        this.tokens = tokens;
        this.stubs = stubs;
        this.renewAfter = renewAfter;
        this.drainTimeout = drainTimeout;
    }

    /** Whether {@link #prepare()} has anything to do (a stream to open or renew). */
    synchronized boolean needsPreparing() {
        return call == null || call.ended || !Instant.now().isBefore(call.renewAt);
    }

    /**
     * Make the stream ready for the next batch: renew it if it is due (waiting for what is
     * pending on it), open it (with a token, which may have to be fetched) if there is none.
     *
     * @throws RuntimeException when no token could be had
     */
    synchronized void prepare() {
        if (call != null && (call.ended || !Instant.now().isBefore(call.renewAt))) {
            renew(call);
        }
        if (call == null) {
            call = open();
        }
    }

    /** Send on the stream {@link #prepare()} made ready; a failed future if it has ended since. */
    synchronized CompletableFuture<DeliveryAck> send(DeliveryBatch batch) {
        if (call == null || call.ended) {
            // the partner's own reason when it ended the call (unreachable, refused, ...)
            Throwable why = call != null && call.endedBy != null
                    ? call.endedBy
                    : new IllegalStateException("the delivery stream has ended");
            return CompletableFuture.failedFuture(why);
        }
        CompletableFuture<DeliveryAck> ack = new CompletableFuture<>();
        call.pending.put(batch.getBatchId(), ack);
        call.requests.onNext(batch);
        return ack;
    }

    /** End the stream: politely when idle, by cancelling after a timeout or error. */
    synchronized void close(boolean cancel) {
        if (call != null) {
            call.end(cancel);
            call.failPending(new IllegalStateException("delivery stream closed"));
            call = null;
        }
    }

    private Call open() {
        PeerTokens.PeerToken token = tokens.get();
        Instant aged = Instant.now().plus(renewAfter);
        Call opened = new Call(aged.isBefore(token.renewAt()) ? aged : token.renewAt());
        opened.requests = stubs.apply(token.value()).deliver(opened.new AckObserver());
        return opened;
    }

    /** Let the old stream's pending batches be acknowledged, then end it. */
    private void renew(Call old) {
        call = null;
        if (!old.ended && !old.pending.isEmpty()) {
            try {
                CompletableFuture.allOf(old.pending.values().toArray(CompletableFuture[]::new))
                        .get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // a failed or late acknowledgement fails its batch; the relay sees it there
            }
        }
        boolean drained = old.pending.isEmpty();
        old.end(!drained);
        old.failPending(new IllegalStateException("delivery stream renewed before the acknowledgement came"));
    }

    /** One gRPC call: its request side, the batches awaiting acknowledgement, when to replace it. */
    private static final class Call {
        final Map<String, CompletableFuture<DeliveryAck>> pending = new ConcurrentHashMap<>();
        final Instant renewAt;
        StreamObserver<DeliveryBatch> requests;
        volatile boolean ended;
        /** How the partner ended the call, if it did. */
        volatile Throwable endedBy;

        Call(Instant renewAt) {
            this.renewAt = renewAt;
        }

        void end(boolean cancel) {
            if (ended) {
                return;
            }
            ended = true;
            try {
                if (cancel) {
                    requests.onError(Status.CANCELLED
                            .withDescription("sender gave up on the stream")
                            .asRuntimeException());
                } else {
                    requests.onCompleted();
                }
            } catch (RuntimeException ignored) {
                // the call is already closed
            }
        }

        void failPending(Throwable cause) {
            pending.values().forEach(f -> f.completeExceptionally(cause));
            pending.clear();
        }

        private final class AckObserver implements StreamObserver<DeliveryAck> {
            @Override
            public void onNext(DeliveryAck ack) {
                CompletableFuture<DeliveryAck> future = pending.remove(ack.getBatchId());
                if (future != null) {
                    future.complete(ack);
                }
            }

            @Override
            public void onError(Throwable t) {
                endedBy = t;
                ended = true;
                failPending(t);
            }

            @Override
            public void onCompleted() {
                ended = true;
                failPending(new IllegalStateException("partner ended the delivery stream"));
            }
        }
    }
}
