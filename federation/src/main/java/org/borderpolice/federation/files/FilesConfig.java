package org.borderpolice.federation.files;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hibernate.validator.constraints.time.DurationMin;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Evidence files ({@code border.federation.files.*}, docs/files.md). */
@ConfigMapping(prefix = "border.federation.files")
public interface FilesConfig {

    /** The largest file intake accepts (413 beyond). */
    @WithDefault("25M")
    MemorySize maxSize();

    /**
     * Media types intake accepts, as detected from the bytes (415 for any other). OFD is
     * application/ofd (GB/T 33190).
     */
    @WithDefault("application/pdf,image/jpeg,image/png,image/gif,image/webp,image/tiff,"
            + "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
            + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
            + "text/plain,application/ofd")
    List<String> allowedTypes();

    /**
     * Which {@link FileStore} holds the bytes: the identifier of its bean, "postgresql" (in
     * {@code federation.file_chunk}), "s3" (an S3-compatible object store, {@link #s3}) or
     * "directory" (a directory of a filesystem, {@link #directory}).
     */
    @WithDefault("postgresql")
    String store();

    /**
     * How often the objects of deleted files are deleted (directory and s3 stores: queued in the
     * deleting transaction, deleted after it commits; "off" never). Replicas share the queue.
     */
    @WithDefault("10s")
    String deleteEvery();

    /**
     * Directory and s3 stores: how long a deleted file's folder sweep leaves an object nobody
     * names yet while the same file is being fetched again (its part row may still come). The
     * store's clock (a file server's modification times, an object store's) must agree with the
     * service's within it; at least a minute.
     */
    @WithDefault("10m")
    @DurationMin(minutes = 1)
    Duration inFlight();

    /** The S3-compatible object store, read only when {@code store=s3}. */
    S3 s3();

    /** The directory, read only when {@code store=directory}. */
    Directory directory();

    /**
     * Bytes per stored chunk: intake's and a fetch's appends, the owner's reads while it serves a
     * transfer (whose messages carry at most 255 KiB each, FileTransferGrpcService.MESSAGE_BYTES).
     */
    @WithDefault("1M")
    MemorySize chunkSize();

    /**
     * Bytes per second the owner sends in one transfer at most (unset: as fast as the partner
     * takes them), to leave room on a thin link between jurisdictions.
     */
    Optional<MemorySize> maxRatePerTransfer();

    /**
     * Fetch streams one partner may have open here at once (RESOURCE_EXHAUSTED beyond): each
     * holds a stream and up to two chunks in memory.
     */
    @WithDefault("4")
    int maxStreamsPerPeer();

    Fetch fetch();

    /** The receiver's fetching of partners' files. */
    interface Fetch {

        /** Whether this process fetches at all (replicas of one service share the queue). */
        @WithDefault("true")
        boolean enabled();

        /** Files fetched at once by this process (at most one per owner, owners taken in turn). */
        @WithDefault("2")
        int concurrency();

        /** How often the queue is looked at for files due. */
        @WithDefault("2s")
        Duration every();

        /**
         * Wait before the first retry of a failed fetch; doubled per attempt up to max-backoff. An
         * attempt that stored at least min-progress bytes before it broke waits only this.
         */
        @WithDefault("5s")
        Duration initialBackoff();

        @WithDefault("10m")
        Duration maxBackoff();

        /**
         * How long a file being fetched stays claimed by this process without news from it (the
         * claim is renewed while bytes arrive): after a crash, another process or this one
         * once restarted resumes the file that much later at most.
         */
        @WithDefault("30s")
        Duration lease();

        /** The longest one Fetch call may take before it is cut and resumed later. */
        @WithDefault("10m")
        Duration timeout();

        /**
         * A Fetch call during which fewer than {@link #minProgress} bytes arrived for this long is
         * cut (and resumed later): an owner that trickles its bytes, or sends messages without
         * any, does not hold a fetcher for the whole timeout.
         */
        @WithDefault("60s")
        Duration stallTimeout();

        /**
         * Bytes that must arrive within every stall-timeout (or all the bytes still due, when fewer):
         * counted in whole messages (255 KiB each from the reference owner: 1M takes five, about
         * 21 KiB/s over 60s). Counted in bytes, not messages, so that empty or tiny messages keep no
         * call open; a cut call keeps what arrived and the next attempt goes on from it.
         */
        @WithDefault("1M")
        MemorySize minProgress();
    }

    /** Where {@link S3FileStore} keeps the bytes (docs/files.md); nothing here is read for "postgresql". */
    interface S3 {

        /** The service's URL, e.g. http://minio:9000 (unset: AWS S3 of {@link #region}). */
        Optional<URI> endpoint();

        /** The region requests are signed for (most S3-compatible servers accept any). */
        @WithDefault("us-east-1")
        String region();

        /** The bucket; it must exist (required with store=s3). */
        Optional<String> bucket();

        /** Bucket in the path (http://host/bucket/key) rather than the host name: what most self-hosted servers need. */
        @WithDefault("false")
        boolean pathStyleAccess();

        /** Put before every object key (a bucket shared with other data: e.g. "border/case-exchange/"). */
        Optional<String> keyPrefix();

        /**
         * The access key: with {@link #secretAccessKey}, or neither and the SDK's default chain
         * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a web identity, the instance's role).
         */
        Optional<String> accessKeyId();

        /** Its secret (from a Secret, e.g. BORDER_FEDERATION_FILES_S3_SECRET_ACCESS_KEY); never logged. */
        Optional<String> secretAccessKey();
    }

    /** Where {@link DirectoryFileStore} keeps the bytes (docs/files.md); read only for "directory". */
    interface Directory {

        /** The directory (required with store=directory): a local disk, a NAS mount, a PersistentVolume. */
        Optional<java.nio.file.Path> path();

        /**
         * Whether each part is forced to the disk (its file and its folder) before its row commits:
         * off only where the database does not wait for its disk either.
         */
        @WithDefault("true")
        boolean fsync();

        /**
         * Whether parts are written and read with O_DIRECT, past the page cache (evidence is written
         * once and read rarely); a directory whose file system refuses it is used through the page
         * cache whatever this says.
         */
        @WithDefault("true")
        boolean directIo();
    }
}
