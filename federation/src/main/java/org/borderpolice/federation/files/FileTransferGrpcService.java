package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.grpc.GrpcPeers;
import org.borderpolice.federation.proto.files.v1.FetchRequest;
import org.borderpolice.federation.proto.files.v1.FileChunk;
import org.borderpolice.federation.proto.files.v1.FileInfo;
import org.borderpolice.federation.proto.files.v1.FileTransferServiceGrpc;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The owner's side of border.files.v1.FileTransferService: a partner (role "peer", checked by
 * {@link GrpcPeers#authorise}; refusals audited by RefusedCallAudit) fetches a file of ours that
 * {@link FileAccess} says it may read, from an offset on. Every served fetch is audited
 * ("file.served", naming the record that holds the file) before its first byte leaves. The bytes
 * follow the partner's flow control: a chunk is read from the store only when the stream can take
 * it, so a slow partner holds one chunk in memory and no database connection. A partner has at
 * most {@code max-streams-per-peer} Fetch calls open at once (RESOURCE_EXHAUSTED beyond).
 */
@GrpcService
public class FileTransferGrpcService extends FileTransferServiceGrpc.FileTransferServiceImplBase {

    /** Requests that are no valid protobuf are refused (INVALID_ARGUMENT), not left to the server. */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return org.borderpolice.federation.grpc.UndecodableMessages.guard(super.bindService());
    }

    private static final Logger LOG = Logger.getLogger(FileTransferGrpcService.class);
    public static final String SERVED = "file.served";

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    FileStore store;

    @Inject
    @Any
    Instance<FileAccess> access;

    @Inject
    AuditLog auditLog;

    @Inject
    FilesConfig config;

    @Inject
    FederationConfig federation;

    @Inject
    MeterRegistry meters;

    /**
     * Bytes of a file per message, at most. A stored chunk (1 MiB) goes out in several: the gRPC
     * layers copy each message into arrays that grow by doubling, and an array of half a G1 region
     * or more (512 KiB with the 1 MB regions of heaps up to 2 GB) is a humongous object, allocated
     * in the old generation; at 1 MiB per message they filled the heap within a few transfers and
     * cost full collections of 30-80 ms (JFR, bench/README.md). 255 KiB and the message's other
     * fields stay within 256 KiB.
     */
    static final int MESSAGE_BYTES = 255 * 1024;

    /** Fetch calls open per partner. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> open =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits between chunks of a rate-limited transfer, without holding a worker thread. */
    private final ScheduledExecutorService pauses = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "file-transfer-pauses");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void close() {
        pauses.shutdownNow();
    }

    @Override
    public void fetch(FetchRequest request, StreamObserver<FileChunk> responses) {
        ServerCallStreamObserver<FileChunk> call = (ServerCallStreamObserver<FileChunk>) responses;
        Transfer transfer = new Transfer(call, Infrastructure.getDefaultWorkerPool());
        transfer.times[0] = System.nanoTime();
        // both handlers only now, during the call's first invocation (gRPC allows no later)
        call.setOnReadyHandler(transfer::wake);
        call.setOnCancelHandler(transfer::cancel);
        GrpcPeers.authorise(identities)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe()
                .with(peer -> transfer.start(peer.jurisdiction(), request), transfer::fail);
    }

    /** One Fetch call: authorised, audited, then pumped while the stream is ready. */
    private final class Transfer {

        private final ServerCallStreamObserver<FileChunk> call;
        private final Executor worker;
        private InputStream bytes;
        private FileInfo info;
        private long position;
        private boolean first = true;
        private boolean done;
        private long notBefore;
        private java.util.concurrent.CompletableFuture<ByteString> next;
        /**
         * The chunk being sent, in messages of at most MESSAGE_BYTES (read in arrays of that size,
         * so that each message wraps one), and how much of it is sent.
         */
        private ByteString row;

        private int sent;
        private String peer;
        private UUID fileId;
        /**
         * For the DEBUG timeline of a call (System.nanoTime): called, authorised, holder found, row
         * read, audited, opened, first message handed to gRPC.
         */
        final long[] times = new long[7];

        /** The partner's count of open calls this one holds a place in, until it ends. */
        private java.util.concurrent.atomic.AtomicInteger slot;

        Transfer(ServerCallStreamObserver<FileChunk> call, Executor worker) {
            this.call = call;
            this.worker = worker;
        }

        /** A fetch of a file the partner may read that serves nothing, in the audit log as a read. */
        private void refusedRead(String peer, FileAccess.FileHolder holder, String detail) {
            auditLog.append(new AuditEntry(
                    "service:peer@" + peer, peer, SERVED, holder.recordType(), holder.recordId(), detail));
        }

        void start(String peer, FetchRequest request) {
            times[1] = System.nanoTime();
            try {
                synchronized (this) {
                    if (done) {
                        return; // cancelled before it was authorised
                    }
                    var streams = open.computeIfAbsent(peer, p -> new java.util.concurrent.atomic.AtomicInteger());
                    if (streams.incrementAndGet() > config.maxStreamsPerPeer()) {
                        streams.decrementAndGet();
                        throw Status.RESOURCE_EXHAUSTED
                                .withDescription("jurisdiction " + peer + " has " + config.maxStreamsPerPeer()
                                        + " fetches open here already; try again when one ends")
                                .asRuntimeException();
                    }
                    slot = streams;
                }
                UUID id;
                try {
                    id = UUID.fromString(request.getFileId());
                } catch (IllegalArgumentException e) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("file_id is not a UUID")
                            .asRuntimeException();
                }
                FileAccess.FileHolder holder = holder(peer, id)
                        .orElseThrow(() -> Status.PERMISSION_DENIED
                                .withDescription("jurisdiction " + peer + " may not read file " + id
                                        + " (not in the distribution of a record that holds it)")
                                .asRuntimeException());
                times[2] = System.nanoTime();
                FileKey key = new FileKey(federation.jurisdiction().code(), id);
                StoredFile file = store.find(key).filter(StoredFile::complete).orElse(null);
                if (file == null) {
                    // a partner that may read it asked: audited as the REST download is, nothing served
                    refusedRead(peer, holder, "file " + id + ", " + FileDownloads.NOT_HERE);
                    throw Status.NOT_FOUND
                            .withDescription("no file " + id + " here")
                            .asRuntimeException();
                }
                times[3] = System.nanoTime();
                if (request.getOffset() < 0 || request.getOffset() > file.size()) {
                    refusedRead(
                            peer,
                            holder,
                            "file " + id + ", offset " + request.getOffset() + " outside its " + file.size()
                                    + " bytes: no bytes served");
                    throw Status.OUT_OF_RANGE
                            .withDescription("offset " + request.getOffset() + " is outside the file's " + file.size()
                                    + " bytes")
                            .asRuntimeException();
                }
                auditLog.append(new AuditEntry(
                        "service:peer@" + peer,
                        peer,
                        SERVED,
                        holder.recordType(),
                        holder.recordId(),
                        "file " + id + ", bytes " + request.getOffset() + " to " + file.size() + " of " + file.size()));
                times[4] = System.nanoTime();
                synchronized (this) {
                    info = FileInfo.newBuilder()
                            .setSize(file.size())
                            .setSha256(file.sha256())
                            .setContentType(file.contentType())
                            .build();
                    position = request.getOffset();
                    if (done) {
                        return; // cancelled meanwhile
                    }
                    bytes = store.open(key, position);
                    times[5] = System.nanoTime();
                    this.peer = peer;
                    this.fileId = id;
                }
                wake();
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** The stream can take more (or the transfer just started): pump on a worker thread. */
        void wake() {
            worker.execute(this::pump);
        }

        private synchronized void pump() {
            if (done || bytes == null) {
                return;
            }
            try {
                int chunkSize = (int) config.chunkSize().asLongValue();
                while (call.isReady() && !done) {
                    long wait = notBefore - System.nanoTime();
                    if (wait > 0) {
                        pauses.schedule(this::wake, wait, TimeUnit.NANOSECONDS);
                        return;
                    }
                    if (row == null || sent == row.size()) {
                        row = next == null ? StoredBytes.readChunk(bytes, chunkSize, MESSAGE_BYTES) : next.join();
                        sent = 0;
                        // the store reads the next chunk while this one is on its way
                        next = !row.isEmpty() && position + row.size() < info.getSize()
                                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> readAhead(chunkSize), worker)
                                : null;
                        if (row.isEmpty() && !first) {
                            finish();
                            call.onCompleted();
                            return;
                        }
                    }
                    // a slice of the row's arrays (read for this transfer, never written again), not a copy
                    int n = Math.min(MESSAGE_BYTES, row.size() - sent);
                    FileChunk.Builder chunk =
                            FileChunk.newBuilder().setOffset(position).setData(row.substring(sent, sent + n));
                    boolean firstMessage = first;
                    if (first) {
                        chunk.setInfo(info);
                        first = false;
                    }
                    call.onNext(chunk.build());
                    if (firstMessage && LOG.isDebugEnabled()) {
                        times[6] = System.nanoTime();
                        LOG.debugf(
                                "file %s served to %s from byte %d: authorised after %.1f ms, holder %.1f, row %.1f,"
                                        + " audited %.1f, opened %.1f, first message %.1f",
                                fileId,
                                peer,
                                position,
                                (times[1] - times[0]) / 1e6,
                                (times[2] - times[0]) / 1e6,
                                (times[3] - times[0]) / 1e6,
                                (times[4] - times[0]) / 1e6,
                                (times[5] - times[0]) / 1e6,
                                (times[6] - times[0]) / 1e6);
                    }
                    position += n;
                    sent += n;
                    served().increment(n);
                    pace(n);
                    if (position >= info.getSize()) {
                        finish();
                        call.onCompleted();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (done) {
                    return; // cancelled while a chunk was read ahead
                }
                LOG.warnf("serving a file broke off at byte %d: %s", position, e.toString());
                fail(Status.UNAVAILABLE
                        .withDescription("the file could not be read; try again later")
                        .asRuntimeException());
            }
        }

        private ByteString readAhead(int chunkSize) {
            try {
                return StoredBytes.readChunk(bytes, chunkSize, MESSAGE_BYTES);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** With a rate limit per transfer, when the next chunk may leave. */
        private void pace(int sent) {
            long rate = config.maxRatePerTransfer().map(r -> r.asLongValue()).orElse(0L);
            if (rate > 0) {
                long now = System.nanoTime();
                notBefore = Math.max(notBefore, now) + sent * 1_000_000_000L / rate;
            }
        }

        synchronized void cancel() {
            finish();
        }

        synchronized void fail(Throwable failure) {
            if (done) {
                return;
            }
            finish();
            StatusRuntimeException status = failure instanceof StatusRuntimeException s
                    ? s
                    : failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                            ? Status.UNAUTHENTICATED
                                    .withDescription("a bearer token from a trusted identity provider is required")
                                    .asRuntimeException()
                            : failure instanceof ForbiddenException
                                    ? Status.PERMISSION_DENIED
                                            .withDescription("role peer is required")
                                            .asRuntimeException()
                                    : Status.fromThrowable(failure).getCode() != Status.Code.UNKNOWN
                                            ? Status.fromThrowable(failure).asRuntimeException()
                                            : Status.UNAVAILABLE
                                                    .withDescription("the file cannot be served now; try again later")
                                                    .asRuntimeException();
            if (!(failure instanceof StatusRuntimeException)
                    && status.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                LOG.warnf("a file fetch failed: %s", failure.toString());
            }
            try {
                call.onError(status);
            } catch (IllegalStateException alreadyClosed) {
                // the call ended meanwhile
            }
        }

        private void finish() {
            done = true;
            if (slot != null) {
                slot.decrementAndGet();
                slot = null;
            }
            if (bytes != null) {
                try {
                    bytes.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
        }
    }

    private Optional<FileAccess.FileHolder> holder(String peer, UUID id) {
        for (FileAccess one : access) {
            Optional<FileAccess.FileHolder> holder = one.readableBy(peer, id);
            if (holder.isPresent()) {
                return holder;
            }
        }
        return Optional.empty();
    }

    private Counter served() {
        return meters.counter("border.files.served.bytes");
    }
}
