package org.borderpolice.federation.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link FileStore} in memory, for the unit tests of intake (the real one is tested in federation-testbed). */
final class MemoryFileStore implements FileStore {

    final Map<FileKey, ByteArrayOutputStream> bytes = new HashMap<>();
    final Map<FileKey, StoredFile> files = new HashMap<>();
    /** The most bytes one append carried: intake must stream, not collect. */
    int largestAppend;

    @Override
    public void create(FileKey key) {
        bytes.putIfAbsent(key, new ByteArrayOutputStream());
        files.putIfAbsent(key, new StoredFile(key, 0, null, null, false));
    }

    @Override
    public long length(FileKey key) {
        ByteArrayOutputStream b = bytes.get(key);
        return b == null ? 0 : b.size();
    }

    @Override
    public void append(FileKey key, long offset, byte[] data, int length) {
        if (offset != length(key)) {
            throw new IllegalStateException("not contiguous");
        }
        largestAppend = Math.max(largestAppend, length);
        bytes.get(key).write(data, 0, length);
    }

    @Override
    public void complete(FileKey key, long size, String sha256, String contentType) {
        files.put(key, new StoredFile(key, size, sha256, contentType, true));
    }

    @Override
    public Optional<StoredFile> find(FileKey key) {
        return Optional.ofNullable(files.get(key));
    }

    @Override
    public InputStream open(FileKey key, long offset) {
        byte[] all = bytes.get(key).toByteArray();
        return new ByteArrayInputStream(all, (int) offset, all.length - (int) offset);
    }

    @Override
    public void delete(FileKey key) {
        bytes.remove(key);
        files.remove(key);
    }
}
