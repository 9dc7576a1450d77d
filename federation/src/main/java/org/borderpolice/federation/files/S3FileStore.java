package org.borderpolice.federation.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link FileStore} on an S3-compatible object store ({@code border.federation.files.store=s3},
 * docs/files.md). The file's row stays in {@code federation.file}; each append is one object,
 * {@code <key-prefix><origin>/<id>/<offset, 19 digits>-<random>}, and one row of
 * {@code federation.file_part}, inserted only if the part starts where the stored ones end: the
 * stored length and the contiguity check stay transactional. The object is put before its row, so
 * a row always names an object; an object whose row is refused, or rolled back with the caller's
 * transaction, is deleted, and a file's objects go only once its deletion commits. The random part
 * keeps two writers of one offset off each other's object. Reads stream one object at a time.
 */
@ApplicationScoped
@Identifier("s3")
public class S3FileStore implements FileStore {

    private static final Logger LOG = Logger.getLogger(S3FileStore.class);

    /** A jurisdiction code: what an origin is, and all a partner's origin can put in a key. */
    private static final Pattern ORIGIN = Pattern.compile("[0-9]{6}");

    /** A part, stored only if it starts where the stored parts end. */
    private static final String APPEND = """
            INSERT INTO federation.file_part (origin, id, off, length, object_key)
            SELECT ?, ?, ?, ?, ?
            WHERE ? = (SELECT coalesce(max(off + length), 0) FROM federation.file_part
                       WHERE origin = ? AND id = ?)""";

    private final DataSource dataSource;
    private final FileRows rows;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final TransactionSynchronizationRegistry transactions;

    @Inject
    S3FileStore(AgroalDataSource dataSource, FilesConfig config, TransactionSynchronizationRegistry transactions) {
        this(
                dataSource,
                client(config.s3()),
                config.s3()
                        .bucket()
                        .orElseThrow(() -> new IllegalStateException(
                                "border.federation.files.store=s3 needs border.federation.files.s3.bucket")),
                config.s3().keyPrefix().orElse(""),
                transactions);
    }

    /** On a client of the caller's; {@code transactions} null: every write stands alone. */
    S3FileStore(
            DataSource dataSource,
            S3Client s3,
            String bucket,
            String prefix,
            TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.rows = new FileRows(dataSource);
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.transactions = transactions;
    }

    /** The SDK's client on its URLConnection HTTP client, signed with the configured or the default credentials. */
    static S3Client client(FilesConfig.S3 config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyleAccess())
                // whole files are verified by their SHA-256; per-request CRCs (aws-chunked trailers)
                // are not understood by every S3-compatible server
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(builder::endpointOverride);
        if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
            throw new IllegalStateException("border.federation.files.s3: set both access-key-id and "
                    + "secret-access-key, or neither (the SDK's default credentials)");
        }
        if (config.accessKeyId().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    config.accessKeyId().get(), config.secretAccessKey().get())));
        }
        return builder.build();
    }

    @PreDestroy
    void close() {
        s3.close();
    }

    @Override
    public void create(FileKey key) {
        folder(key);
        rows.create(key);
    }

    @Override
    public long length(FileKey key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT off + length FROM federation.file_part
                        WHERE origin = ? AND id = ? ORDER BY off DESC LIMIT 1""")) {
            FileRows.bind(select, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored length of a file", e);
        }
    }

    @Override
    public void append(FileKey key, long offset, byte[] data, int length) {
        // the caller's array, not a copy (RequestBody.fromBytes copies); read again if a request is retried
        append(key, offset, () -> new ByteArrayInputStream(data, 0, length), length);
    }

    private void append(FileKey key, long offset, ContentStreamProvider bytes, int length) {
        long stored = length(key);
        if (offset != stored) {
            // refused before any upload; the insert below still decides for concurrent writers
            throw new IllegalStateException("file " + key + ": bytes at " + offset + " do not follow what is stored");
        }
        if (length == 0) {
            return;
        }
        String object = folder(key) + String.format("%019d-%s", offset, UUID.randomUUID());
        try {
            s3.putObject(
                    request -> request.bucket(bucket).key(object).contentLength((long) length),
                    RequestBody.fromContentProvider(bytes, length, "application/octet-stream"));
        } catch (SdkException e) {
            remove(object); // a put that failed on its way may still have landed
            throw new IllegalStateException("could not store bytes of file " + key + ": " + e.getMessage(), e);
        }
        Pending pending = pending();
        if (pending != null) {
            pending.written.add(object);
        }
        boolean inserted = false;
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(APPEND)) {
            insert.setString(1, key.origin());
            insert.setObject(2, key.id());
            insert.setLong(3, offset);
            insert.setInt(4, length);
            insert.setString(5, object);
            insert.setLong(6, offset);
            insert.setString(7, key.origin());
            insert.setObject(8, key.id());
            inserted = insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store bytes of a file", e);
        } finally {
            if (!inserted) {
                remove(object);
            }
        }
        if (!inserted) {
            throw new IllegalStateException("file " + key + ": bytes at " + offset + " do not follow what is stored");
        }
    }

    @Override
    public void complete(FileKey key, long size, String sha256, String contentType) {
        rows.complete(key, size, sha256, contentType);
    }

    @Override
    public Optional<StoredFile> find(FileKey key) {
        return rows.find(key);
    }

    @Override
    public InputStream open(FileKey key, long offset) {
        folder(key);
        return new PartStream(key, offset);
    }

    @Override
    public void delete(FileKey key) {
        List<String> objects = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT object_key FROM federation.file_part WHERE origin = ? AND id = ?")) {
            FileRows.bind(select, key);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    objects.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the parts of a file", e);
        }
        rows.delete(key);
        Pending pending = pending();
        if (pending != null) {
            // a rolled-back deletion keeps the rows: their objects must stay too
            pending.dropped.put(key, objects);
        } else {
            removeAll(key, objects);
        }
    }

    /**
     * The objects named, and any other object under the file's folder (the object of a writer
     * that stopped between its put and its row).
     */
    private void removeAll(FileKey key, List<String> named) {
        Set<String> objects = new LinkedHashSet<>(named);
        try {
            s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(folder(key))).contents().stream()
                    .map(S3Object::key)
                    .forEach(objects::add);
        } catch (SdkException e) {
            LOG.warnf(
                    "could not list the objects of file %s (those of its parts are deleted): %s", key, e.getMessage());
        }
        objects.forEach(this::remove);
    }

    /** Delete an object; one left behind is only space, so a failure is logged, not thrown. */
    private void remove(String object) {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(object));
        } catch (SdkException e) {
            LOG.warnf("could not delete object %s of bucket %s (left behind): %s", object, bucket, e.getMessage());
        }
    }

    /** The folder of a file's objects; an origin that is not a jurisdiction code shapes no key. */
    private String folder(FileKey key) {
        if (!ORIGIN.matcher(key.origin()).matches()) {
            throw new IllegalArgumentException("a file's origin is a jurisdiction code of 6 digits");
        }
        return prefix + key.origin() + "/" + key.id() + "/";
    }

    /** What the caller's transaction put and dropped, settled when it ends; null outside one. */
    private Pending pending() {
        if (transactions == null
                || transactions.getTransactionKey() == null
                || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return null;
        }
        Pending pending = (Pending) transactions.getResource(this);
        if (pending == null) {
            pending = new Pending();
            transactions.putResource(this, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    /** Objects of one transaction: those it put go if it rolls back, those of files it deleted if it commits. */
    private final class Pending implements Synchronization {

        final List<String> written = new ArrayList<>();
        final Map<FileKey, List<String>> dropped = new LinkedHashMap<>();

        @Override
        public void beforeCompletion() {}

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                dropped.forEach(S3FileStore.this::removeAll);
            } else {
                written.forEach(S3FileStore.this::remove);
            }
        }
    }

    /** The stored bytes from a position on: one object's response open at a time, streamed. */
    private final class PartStream extends StoredBytes {

        private final FileKey key;
        private long position;
        private ResponseInputStream<GetObjectResponse> part;
        private long left;
        private boolean ended;

        PartStream(FileKey key, long position) {
            this.key = key;
            this.position = position;
        }

        @Override
        int readPart(byte[] buffer, int from, int length) throws IOException {
            int n;
            try {
                n = part.read(buffer, from, (int) Math.min(length, left));
            } catch (SdkException e) {
                throw new IOException("could not read bytes of file " + key + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new IOException("file " + key + ": an object ended " + left + " bytes early");
            }
            left -= n;
            position += n;
            return n;
        }

        @Override
        boolean fill() throws IOException {
            if (part != null && left > 0) {
                return true;
            }
            closePart();
            if (ended) {
                return false;
            }
            long off;
            int length;
            String object;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("""
                            SELECT off, length, object_key FROM federation.file_part
                            WHERE origin = ? AND id = ? AND off + length > ?
                            ORDER BY off LIMIT 1""")) {
                FileRows.bind(select, key);
                select.setLong(3, position);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        ended = true;
                        rows.endsShort(key, position);
                        return false;
                    }
                    off = rs.getLong(1);
                    length = rs.getInt(2);
                    object = rs.getString(3);
                }
            } catch (SQLException e) {
                throw new IOException("could not read the parts of file " + key, e);
            }
            if (off > position) {
                throw new IOException("file " + key + " has no bytes at " + position);
            }
            long skip = position - off;
            GetObjectRequest.Builder get =
                    GetObjectRequest.builder().bucket(bucket).key(object);
            if (skip > 0) {
                get.range("bytes=" + skip + "-" + (length - 1));
            }
            try {
                part = s3.getObject(get.build());
            } catch (SdkException e) {
                throw new IOException("could not read bytes of file " + key + ": " + e.getMessage(), e);
            }
            left = length - skip;
            return true;
        }

        private void closePart() throws IOException {
            if (part != null) {
                if (left > 0) {
                    part.abort(); // not drained: the rest of the object is not wanted
                }
                part.close();
                part = null;
            }
        }

        @Override
        public void close() throws IOException {
            ended = true;
            closePart();
        }
    }
}
