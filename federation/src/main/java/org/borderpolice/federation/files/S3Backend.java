package org.borderpolice.federation.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** Objects in an S3-compatible bucket ({@link S3FileStore}); the SDK's failures become IOExceptions. */
final class S3Backend implements ObjectBackend {

    private final S3Client s3;
    private final String bucket;

    S3Backend(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] data, int length) throws IOException {
        try {
            // the caller's array, not a copy (RequestBody.fromBytes copies); read again if a request is retried
            s3.putObject(
                    request -> request.bucket(bucket).key(key).contentLength((long) length),
                    RequestBody.fromContentProvider(
                            () -> new ByteArrayInputStream(data, 0, length), length, "application/octet-stream"));
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public InputStream get(String key, long from, long length) throws IOException {
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        if (from > 0) {
            get.range("bytes=" + from + "-" + (from + length - 1));
        }
        try {
            return new Response(s3.getObject(get.build()), length);
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public List<Listed> list(String folder) throws IOException {
        try {
            return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(folder)).contents().stream()
                    .map(o -> new Listed(o.key(), o.lastModified()))
                    .toList();
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String where() {
        return "bucket " + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** An object's response: aborted, not drained, when closed before its end; SDK failures as IOExceptions. */
    private static final class Response extends InputStream {

        private final software.amazon.awssdk.core.ResponseInputStream<?> in;
        private long left;

        Response(software.amazon.awssdk.core.ResponseInputStream<?> in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int from, int length) throws IOException {
            try {
                int n = in.read(buffer, from, length);
                if (n > 0) {
                    left -= n;
                }
                return n;
            } catch (SdkException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (left > 0) {
                in.abort(); // the rest of the object is not wanted
            }
            in.close();
        }
    }
}
