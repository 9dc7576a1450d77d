package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Objects as files under a directory ({@link DirectoryFileStore}): a local disk, a NAS mount, a
 * Kubernetes PersistentVolume. Only keys of the store's own shape are taken ({@code <origin, 6
 * digits>/<file UUID>/<offset, 19 digits>-<UUID>}), and their path must stay under the directory:
 * nothing a partner sends can name another file. An object is written under a temporary name and
 * moved into place atomically, after an fsync when {@code fsync} is on, so a reader or a crash never
 * sees half an object under its key.
 *
 * <p>With {@code directIo} (the default) objects are written and read with {@code O_DIRECT}, past the
 * page cache, as object stores do for large objects: evidence is written once and read rarely, and
 * where the kernel keeps a small page cache every buffered write of a new page first reclaims one,
 * in the writer's own system call, and every read of a file not in the cache as well
 * (bench/README.md: 25 MB written cost 64-71 ms of CPU so, 5-7 ms with {@code O_DIRECT}; read, about
 * 50 ms against 4). The bytes go through an aligned buffer of {@link #ALIGNED_BYTES}; the last block
 * is padded and the file cut back to its length. At most {@link #MAX_ALIGNED} such buffers exist; a
 * write or read that finds none free goes through the page cache. A file system that refuses
 * {@code O_DIRECT} is used through the page cache, as with {@code directIo} off.
 */
final class DirectoryBackend implements ObjectBackend {

    private static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern FOLDER = Pattern.compile("[0-9]{6}/" + ID + "/");
    /** An object, or a temporary one a writer left behind (deleted with its file's folder). */
    private static final Pattern OBJECT = Pattern.compile("[0-9]{6}/" + ID + "/[0-9]{19}-" + ID + "(\\.tmp)?");

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DirectoryBackend.class);

    /** The aligned buffer an unbuffered write or read goes through. */
    static final int ALIGNED_BYTES = 1024 * 1024;

    private final Path root;
    private final boolean fsync;
    private final boolean directIoAsked;
    /** Whether the directory takes {@code O_DIRECT}: found out at the first write or read. */
    private volatile Boolean directIo;
    /** The block size unbuffered positions and lengths are multiples of. */
    private volatile int block = 4096;
    /** Aligned buffers at most (a part's write or an open read holds one): direct memory has a bound. */
    static final int MAX_ALIGNED = 16;

    /** Aligned buffers free for reuse. */
    private final java.util.Queue<ByteBuffer> aligned = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** One per aligned buffer that may still be taken: each taken buffer holds one until given back. */
    private final java.util.concurrent.Semaphore alignedLeft = new java.util.concurrent.Semaphore(MAX_ALIGNED);
    /** Finds out whether the directory takes O_DIRECT. */
    private final DirectIoProbe probe;

    /** Finds out whether a directory takes O_DIRECT, and sets its block size (tests replace it). */
    interface DirectIoProbe {
        boolean takes(DirectoryBackend backend) throws IOException;
    }

    DirectoryBackend(Path root, boolean fsync, boolean directIo) {
        this(root, fsync, directIo, DirectoryBackend::takesDirectIo);
    }

    DirectoryBackend(Path root, boolean fsync, boolean directIo, DirectIoProbe probe) {
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
        this.directIoAsked = directIo;
        this.probe = probe;
    }

    /** Aligned buffers that may still be taken (for tests). */
    int alignedLeft() {
        return alignedLeft.availablePermits();
    }

    /** Whether objects are written and read with {@code O_DIRECT} (asked for, and the directory takes it). */
    boolean directIo() throws IOException {
        Boolean known = directIo;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (directIo == null) {
                directIo = directIoAsked && probe.takes(this);
            }
            return directIo;
        }
    }

    /**
     * Two blocks written at a block's offset and read back with {@code O_DIRECT}, from a buffer
     * aligned to the block and no more (so that a stricter alignment by chance proves nothing). A
     * refusal (a platform without O_DIRECT, or a failure that the same write through the page cache
     * does not have) means the page cache; a failure of that write too (a full or broken disk) is
     * the directory's and is thrown.
     */
    private static boolean takesDirectIo(DirectoryBackend backend) throws IOException {
        Path root = backend.root;
        Files.createDirectories(root);
        long size = Files.getFileStore(root).getBlockSize();
        int block = size >= 512 && size <= ALIGNED_BYTES && Long.bitCount(size) == 1 ? (int) size : 4096;
        backend.block = block;
        Path probe = root.resolve(".direct-" + java.util.UUID.randomUUID());
        // aligned to two blocks, then a block on: aligned to the block only
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(6 * block).alignedSlice(2 * block).slice(block, 2 * block);
        try {
            try (FileChannel out = FileChannel.open(
                    probe,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
                out.write(buffer, block);
            }
            try (FileChannel in =
                    FileChannel.open(probe, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
                buffer.clear();
                in.read(buffer, block);
            }
            return true;
        } catch (UnsupportedOperationException e) {
            LOG.warnf("%s: no O_DIRECT on this platform (%s): files go through the page cache", root, e.getMessage());
            return false;
        } catch (IOException e) {
            // EINVAL's text depends on the locale: the same write through the page cache tells
            // O_DIRECT's refusal (it succeeds) from the directory's own failure (it throws)
            Files.deleteIfExists(probe);
            buffer.clear();
            try (FileChannel out = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(buffer, block);
            }
            LOG.warnf("%s does not take O_DIRECT (%s): its files go through the page cache", root, e.getMessage());
            return false;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * An aligned buffer, or null when {@link #MAX_ALIGNED} are taken or none can be allocated: the
     * caller then goes through the page cache.
     */
    private ByteBuffer takeAligned() {
        if (!alignedLeft.tryAcquire()) {
            return null;
        }
        ByteBuffer buffer = aligned.poll();
        if (buffer != null) {
            return buffer.clear();
        }
        try {
            return ByteBuffer.allocateDirect(ALIGNED_BYTES + block).alignedSlice(block);
        } catch (OutOfMemoryError e) {
            alignedLeft.release(); // the JVM's direct memory is full (gRPC's buffers share it)
            return null;
        }
    }

    /** Back to the pool: only once nothing reads or writes it any more. */
    private void giveBack(ByteBuffer buffer) {
        aligned.offer(buffer.clear());
        alignedLeft.release();
    }

    Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] data, int length) throws IOException {
        write(key, length, out -> {
            out.write(ByteBuffer.wrap(data, 0, length));
            return length;
        });
    }

    @Override
    public void put(String key, InputStream data, int length) throws IOException {
        write(key, length, out -> {
            byte[] buffer = new byte[Math.min(length, 256 * 1024)];
            long written = 0;
            while (written < length) {
                int n = data.readNBytes(buffer, 0, (int) Math.min(buffer.length, length - written));
                if (n == 0) {
                    break;
                }
                out.write(ByteBuffer.wrap(buffer, 0, n));
                written += n;
            }
            return written;
        });
    }

    /** The received buffers written as they are, not copied into an array of ours first. */
    @Override
    public void put(String key, List<ByteBuffer> data) throws IOException {
        write(key, BufferStream.length(data), out -> {
            long written = 0;
            for (ByteBuffer buffer : BufferStream.views(data)) {
                written += buffer.remaining();
                out.write(buffer);
            }
            return written;
        });
    }

    /** An object's bytes, written in order to a {@link Sink}; answers how many. */
    private interface Content {
        long writeTo(Sink out) throws IOException;
    }

    /** Where an object's bytes go: every byte of each buffer given. */
    private interface Sink {
        void write(ByteBuffer bytes) throws IOException;
    }

    /**
     * An unbuffered file's bytes gathered into an aligned buffer and written a whole buffer at a
     * time; at the end the last block is padded and the file cut back to the bytes written.
     */
    private final class AlignedSink implements Sink {

        private final FileChannel out;
        private final ByteBuffer buffer;
        private long length;

        AlignedSink(FileChannel out, ByteBuffer buffer) {
            this.out = out;
            this.buffer = buffer;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                int n = Math.min(bytes.remaining(), buffer.remaining());
                buffer.put(buffer.position(), bytes, bytes.position(), n);
                buffer.position(buffer.position() + n);
                bytes.position(bytes.position() + n);
                length += n;
                if (!buffer.hasRemaining()) {
                    drain();
                }
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }

        void finish() throws IOException {
            int tail = buffer.position();
            if (tail > 0) {
                int padded = (tail + block - 1) / block * block;
                while (buffer.position() < padded) {
                    buffer.put((byte) 0);
                }
                drain();
                out.truncate(length);
            }
        }
    }

    private void write(String key, int length, Content content) throws IOException {
        Path target = path(key, OBJECT);
        if (key.endsWith(".tmp")) {
            throw new IllegalArgumentException("not an object key of this store: " + key);
        }
        Path folder = target.getParent();
        Path temporary = folder.resolve(target.getFileName() + ".tmp");
        // the levels this call made (origin, file): each new name is forced into its parent below
        boolean originMade = false;
        boolean folderMade = false;
        for (int attempt = 1; ; attempt++) {
            if (!Files.isDirectory(folder.getParent())) {
                Files.createDirectories(folder.getParent());
                originMade = true;
            }
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                folderMade = true;
            }
            // none free (or no O_DIRECT): through the page cache
            ByteBuffer buffer = directIo() ? takeAligned() : null;
            boolean unbuffered = buffer != null;
            try (FileChannel out = unbuffered
                    ? FileChannel.open(
                            temporary,
                            StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE,
                            com.sun.nio.file.ExtendedOpenOption.DIRECT)
                    : FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long written;
                if (unbuffered) {
                    AlignedSink sink = new AlignedSink(out, buffer);
                    written = content.writeTo(sink);
                    sink.finish();
                } else {
                    written = content.writeTo(bytes -> {
                        while (bytes.hasRemaining()) {
                            out.write(bytes);
                        }
                    });
                }
                if (written != length) {
                    throw new IOException("the stream ended after " + written + " of " + length + " bytes");
                }
                if (fsync) {
                    out.force(false);
                }
                break;
            } catch (NoSuchFileException e) {
                // the folder was removed meanwhile, with the last object of a deleted file: once more
                if (attempt == 3) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
            } finally {
                // this thread's writes, on a channel of its own, are over, failed or not
                if (buffer != null) {
                    giveBack(buffer);
                }
            }
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            // the new name (and a new folder) must survive a crash before the part's row commits
            force(folder);
            if (folderMade || originMade) {
                force(folder.getParent());
            }
            if (originMade) {
                force(root);
            }
        }
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    @Override
    public InputStream get(String key, long from, long length) throws IOException {
        Path object = path(key, OBJECT);
        // none free (or no O_DIRECT): through the page cache
        ByteBuffer buffer = directIo() ? takeAligned() : null;
        if (buffer != null) {
            try {
                return new AlignedInput(
                        FileChannel.open(object, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT),
                        buffer,
                        from,
                        length);
            } catch (IOException | RuntimeException e) {
                giveBack(buffer);
                throw e;
            }
        }
        FileChannel in = FileChannel.open(object, StandardOpenOption.READ);
        return new InputStream() {
            private long position = from;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long left = from + length - position;
                if (left <= 0) {
                    return -1;
                }
                // a positioned read into the caller's array: one system call per part a transfer reads
                int n = in.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /**
     * An unbuffered object's bytes from {@code from} on: read a whole aligned buffer at a time. Reads
     * and {@link #close} exclude each other: a transfer cancelled from another thread closes the
     * stream while its read-ahead may still be reading, and the buffer goes back to the pool only
     * once no read uses it.
     */
    private final class AlignedInput extends InputStream {

        private final FileChannel in;
        private final long end;
        private ByteBuffer buffer;
        /** The object's position of the buffer's first byte. */
        private long bufferAt;

        private long position;

        AlignedInput(FileChannel in, ByteBuffer buffer, long from, long length) {
            this.in = in;
            this.buffer = buffer.limit(0);
            this.position = from;
            this.end = from + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (buffer == null) {
                throw new IOException("the stream is closed");
            }
            if (len == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            if (position < bufferAt || position >= bufferAt + buffer.limit()) {
                bufferAt = position / block * block;
                buffer.clear();
                int n = 0;
                while (buffer.hasRemaining()) {
                    int r = in.read(buffer, bufferAt + buffer.position());
                    if (r <= 0) {
                        break; // the object's end: the last block may be short
                    }
                    n += r;
                    if (buffer.position() % block != 0) {
                        break; // a short block is the last one
                    }
                }
                buffer.flip();
                if (position >= bufferAt + n) {
                    return -1; // the object is shorter than the bytes asked for
                }
            }
            int n = (int) Math.min(Math.min(len, end - position), bufferAt + buffer.limit() - position);
            buffer.get((int) (position - bufferAt), b, off, n);
            position += n;
            return n;
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                in.close();
            } finally {
                if (buffer != null) {
                    giveBack(buffer);
                    buffer = null;
                }
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path object = path(key, OBJECT);
        Files.deleteIfExists(object);
        try {
            Files.deleteIfExists(object.getParent()); // the file's folder, once empty
        } catch (DirectoryNotEmptyException e) {
            // other parts still there
        }
    }

    @Override
    public List<Listed> list(String folder) throws IOException {
        Path directory = path(folder, FOLDER);
        List<Listed> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                String key = folder + f.getFileName();
                // only names of this store's shape (an NFS .nfsXXXX or a stranger's file is not ours to delete)
                if (OBJECT.matcher(key).matches()) {
                    try {
                        objects.add(new Listed(key, Files.getLastModifiedTime(f).toInstant()));
                    } catch (NoSuchFileException gone) {
                        // deleted or moved since the listing: not there to list
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return objects;
    }

    /** The directory exists (or is made) and takes a file, moved and deleted as parts are. */
    @Override
    public void check() throws IOException {
        Files.createDirectories(root);
        Path probe = root.resolve(".check-" + java.util.UUID.randomUUID());
        try {
            try (FileChannel out = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(new byte[] {1}));
                if (fsync) {
                    out.force(false);
                }
            }
            Path moved = root.resolve(probe.getFileName() + "-moved");
            Files.move(probe, moved, StandardCopyOption.ATOMIC_MOVE);
            if (fsync) {
                force(root); // every write forces its folder: a mount that cannot stops the start
            }
            Files.delete(moved);
        } finally {
            Files.deleteIfExists(probe);
        }
        directIo(); // at the start: a directory that refuses O_DIRECT says so in the log once
    }

    @Override
    public String where() {
        return "directory " + root;
    }

    /** The path of a key of the store's shape, under the root; anything else is refused. */
    private Path path(String key, Pattern shape) {
        if (!shape.matcher(key).matches()) {
            throw new IllegalArgumentException("not an object key of this store: " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("not an object key of this store: " + key);
        }
        return path;
    }
}
