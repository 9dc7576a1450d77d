package org.borderpolice.federation.outbox;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.borderpolice.federation.proto.replication.v1.DeliveryAck;
import org.borderpolice.federation.proto.replication.v1.DeliveryBatch;
import org.borderpolice.federation.proto.replication.v1.ReplicationServiceGrpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * One open Deliver stream to a partner. Batches go out on the stream; each acknowledgement
 * completes the future of its batch. Any error closes the stream and fails what is pending;
 * the next batch opens a new stream (with a fresh token).
 */
final class DeliveryStream {

    private final ReplicationServiceGrpc.ReplicationServiceStub stub;
    private final Map<String, CompletableFuture<DeliveryAck>> pending = new ConcurrentHashMap<>();
    private StreamObserver<DeliveryBatch> requests;

    DeliveryStream(ReplicationServiceGrpc.ReplicationServiceStub stub) {
        this.stub = stub;
    }

    synchronized CompletableFuture<DeliveryAck> send(DeliveryBatch batch) {
        if (requests == null) {
            requests = stub.deliver(new AckObserver());
        }
        CompletableFuture<DeliveryAck> ack = new CompletableFuture<>();
        pending.put(batch.getBatchId(), ack);
        requests.onNext(batch);
        return ack;
    }

    /** End the stream: politely when idle, by cancelling after a timeout or error. */
    synchronized void close(boolean cancel) {
        if (requests != null) {
            try {
                if (cancel) {
                    requests.onError(Status.CANCELLED.withDescription("sender gave up on the stream").asRuntimeException());
                } else {
                    requests.onCompleted();
                }
            } catch (RuntimeException ignored) {
                // the call is already closed
            }
            requests = null;
        }
        failPending(new IllegalStateException("delivery stream closed"));
    }

    private synchronized void ended(Throwable cause) {
        requests = null;
        failPending(cause);
    }

    private void failPending(Throwable cause) {
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
            ended(t);
        }

        @Override
        public void onCompleted() {
            ended(new IllegalStateException("partner ended the delivery stream"));
        }
    }
}
