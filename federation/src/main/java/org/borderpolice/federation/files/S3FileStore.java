package org.borderpolice.federation.files;

import java.time.Duration;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The {@link PartsFileStore} on an S3-compatible object store
 * ({@code border.federation.files.store=s3}, docs/files.md): one object per part in the bucket,
 * under {@code key-prefix}. The client is built only when this store is the one chosen.
 */
@ApplicationScoped
@Identifier("s3")
public class S3FileStore extends PartsFileStore {

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
                transactions,
                config.inFlight());
    }

    /** On a client of the caller's; {@code transactions} null: every write stands alone. */
    S3FileStore(
            DataSource dataSource,
            S3Client s3,
            String bucket,
            String prefix,
            TransactionSynchronizationRegistry transactions) {
        this(dataSource, s3, bucket, prefix, transactions, DEFAULT_IN_FLIGHT);
    }

    S3FileStore(
            DataSource dataSource,
            S3Client s3,
            String bucket,
            String prefix,
            TransactionSynchronizationRegistry transactions,
            Duration inFlight) {
        super(dataSource, new S3Backend(s3, bucket), prefix, transactions, inFlight);
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
}
