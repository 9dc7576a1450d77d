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
 */
final class DirectoryBackend implements ObjectBackend {

    private static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern FOLDER = Pattern.compile("[0-9]{6}/" + ID + "/");
    /** An object, or a temporary one a writer left behind (deleted with its file's folder). */
    private static final Pattern OBJECT = Pattern.compile("[0-9]{6}/" + ID + "/[0-9]{19}-" + ID + "(\\.tmp)?");

    private final Path root;
    private final boolean fsync;

    DirectoryBackend(Path root, boolean fsync) {
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
    }

    Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] data, int length) throws IOException {
        write(key, length, out -> {
            ByteBuffer bytes = ByteBuffer.wrap(data, 0, length);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
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
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                written += n;
            }
            return written;
        });
    }

    /** The received buffers written as they are (one gathering write), not copied into an array of ours first. */
    @Override
    public void put(String key, List<ByteBuffer> data) throws IOException {
        write(key, BufferStream.length(data), out -> {
            ByteBuffer[] buffers = BufferStream.views(data);
            long written = 0;
            int first = 0;
            while (first < buffers.length) {
                written += out.write(buffers, first, buffers.length - first);
                while (first < buffers.length && !buffers[first].hasRemaining()) {
                    first++;
                }
            }
            return written;
        });
    }

    private interface Content {
        long writeTo(FileChannel out) throws IOException;
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
            try (FileChannel out =
                    FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long written = content.writeTo(out);
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
        FileChannel in = FileChannel.open(path(key, OBJECT), StandardOpenOption.READ);
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
