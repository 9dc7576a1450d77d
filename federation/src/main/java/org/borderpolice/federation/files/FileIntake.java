package org.borderpolice.federation.files;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.config.FederationConfig;
import org.borderpolice.federation.problem.InvalidProblem;

/**
 * Takes a file uploaded here: streamed into the {@link FileStore} a chunk at a time (one chunk in
 * memory), SHA-256 and size computed on the way, its type detected from the bytes
 * ({@link ContentTypes}) and checked against {@code border.federation.files.allowed-types}. A
 * file that is empty, larger than {@code max-size}, or of another type is refused with a
 * {@link FileRefused} (413/400/415) and nothing of it is kept: the transaction rolls back, and the
 * store is told to drop what it took (for stores outside the transaction). Reading stops at the
 * first byte past the limit.
 */
@ApplicationScoped
public class FileIntake {

    private final FileStore store;
    private final FilesConfig config;
    private final String self;

    @Inject
    public FileIntake(FileStore store, FilesConfig config, FederationConfig federation) {
        this.store = store;
        this.config = config;
        this.self = federation.jurisdiction().code();
    }

    /** Store this upload as a new file of ours; its id, SHA-256, size and detected type. */
    @Transactional
    public StoredFile accept(InputStream content) {
        return accept(
                store,
                new FileKey(self, UUID.randomUUID()),
                content,
                config.maxSize().asLongValue(),
                Set.copyOf(config.allowedTypes()),
                (int) config.chunkSize().asLongValue());
    }

    /** The intake itself, on any store (the unit tests' too). */
    static StoredFile accept(
            FileStore store, FileKey key, InputStream content, long maxSize, Set<String> allowed, int chunkSize) {
        byte[] buffer = new byte[Math.max(ContentTypes.HEAD, chunkSize)];
        boolean created = false;
        try {
            int n = content.readNBytes(buffer, 0, buffer.length);
            if (n == 0) {
                throw FileRefused.empty();
            }
            String sniffed = ContentTypes.sniff(buffer, n);
            boolean zip = ContentTypes.isZip(sniffed);
            if (zip
                    ? !(allowed.contains(ContentTypes.ZIP)
                            || allowed.contains(ContentTypes.DOCX)
                            || allowed.contains(ContentTypes.XLSX)
                            || allowed.contains(ContentTypes.OFD))
                    : !allowed.contains(sniffed)) {
                throw FileRefused.type(sniffed);
            }
            Utf8Text text = ContentTypes.TEXT.equals(sniffed) ? new Utf8Text() : null;
            MessageDigest sha256 = sha256();
            store.create(key);
            created = true;
            long size = 0;
            while (n > 0) {
                if (size + n > maxSize) {
                    throw FileRefused.tooLarge(maxSize);
                }
                sha256.update(buffer, 0, n);
                if (text != null) {
                    text.feed(buffer, n);
                }
                store.append(key, size, buffer, n);
                size += n;
                n = content.readNBytes(buffer, 0, buffer.length);
            }
            String type = sniffed;
            if (text != null && !text.isText()) {
                // looked like text at first, is not UTF-8 text throughout (GBK, binary further on)
                throw FileRefused.type("text that is not UTF-8");
            }
            if (zip) {
                type = ContentTypes.ofZipEntries(ZipEntries.names(offset -> store.open(key, offset), size));
                if (!allowed.contains(type)) {
                    throw FileRefused.type(type);
                }
            }
            String hash = HexFormat.of().formatHex(sha256.digest());
            store.complete(key, size, hash, type);
            return new StoredFile(key, size, hash, type, true);
        } catch (FileRefused refused) {
            if (created) {
                store.delete(key);
            }
            throw refused;
        } catch (IOException e) {
            if (created) {
                store.delete(key);
            }
            throw new InvalidProblem("the file could not be read to its end: " + e.getMessage());
        }
    }

    /**
     * The type of a stored file as its bytes show it, by the rules intake applies (magic numbers,
     * a ZIP's entries, UTF-8 text throughout); {@link FileRefused} for a type not in
     * {@code allowed}. For bytes taken from elsewhere (a partner's file once fetched and verified).
     */
    static String typeOfStored(FileStore store, FileKey key, long size, Set<String> allowed) throws IOException {
        byte[] head;
        try (InputStream in = store.open(key, 0)) {
            head = in.readNBytes(ContentTypes.HEAD);
        }
        if (head.length == 0) {
            throw FileRefused.empty();
        }
        String type = ContentTypes.sniff(head, head.length);
        if (ContentTypes.isZip(type)) {
            type = ContentTypes.ofZipEntries(ZipEntries.names(offset -> store.open(key, offset), size));
        } else if (ContentTypes.TEXT.equals(type)) {
            Utf8Text text = new Utf8Text();
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = store.open(key, 0)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    text.feed(buffer, n);
                }
            }
            if (!text.isText()) {
                throw FileRefused.type("text that is not UTF-8");
            }
        }
        if (!allowed.contains(type)) {
            throw FileRefused.type(type);
        }
        return type;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
