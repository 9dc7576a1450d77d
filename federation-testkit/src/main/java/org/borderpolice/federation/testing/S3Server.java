package org.borderpolice.federation.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for tests: s3proxy (Apache 2.0) on its filesystem backend, a
 * separate process started once per JVM from the jar that maven-dependency-plugin copies to
 * {@code target/s3proxy/s3proxy.jar} (system property {@code s3proxy.jar} to name another), on a
 * free port of 127.0.0.1, its data in a temporary folder deleted at exit. Each caller gets a
 * fresh bucket of its own.
 */
public final class S3Server {

    public static final String IDENTITY = "border-test";
    public static final String CREDENTIAL = "border-test-secret";
    public static final String REGION = "us-east-1";

    private static S3Server instance;

    private final URI endpoint;
    private final Process process;
    private final Path data;
    private final S3Client client;

    private S3Server(URI endpoint, Process process, Path data) {
        this.endpoint = endpoint;
        this.process = process;
        this.data = data;
        this.client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                // s3proxy takes no aws-chunked bodies with checksum trailers, the SDK's default
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .build();
    }

    public static synchronized S3Server get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static S3Server start() {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the module's build copies s3proxy "
                    + "there (maven-dependency-plugin), or name it with -Ds3proxy.jar");
        }
        try {
            Path home = Files.createTempDirectory("s3proxy");
            Path data = Files.createDirectory(home.resolve("data"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path properties = home.resolve("s3proxy.properties");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + IDENTITY,
                            "s3proxy.credential=" + CREDENTIAL,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + data,
                            ""));
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            // s3proxy.jvm-args: e.g. a benchmark's JFR recording of the server
            for (String arg : System.getProperty("s3proxy.jvm-args", "-Xmx256m").split("\\s+")) {
                if (!arg.isBlank()) {
                    command.add(arg);
                }
            }
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--properties", properties.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("s3proxy.log").toFile())
                    .start();
            S3Server server = new S3Server(endpoint, process, data);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                deleteTree(home);
            }));
            server.await(Duration.ofSeconds(60), home.resolve("s3proxy.log"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start s3proxy", e);
        }
    }

    private void await(Duration patience, Path log) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                client.listBuckets();
                return;
            } catch (SdkException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start (log: " + log + "): " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A new empty bucket. */
    public String createBucket(String prefix) {
        String name = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        client.createBucket(request -> request.bucket(name));
        return name;
    }

    /**
     * The keys of every object in a bucket, in order; not the folders that s3proxy's filesystem
     * backend lists too (keys ending in "/", no object of S3's).
     */
    public List<String> keys(String bucket) {
        return client.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .filter(key -> !key.endsWith("/"))
                .toList();
    }

    /** A client of the server's own (path-style, its credentials): the caller need not close it. */
    public S3Client client() {
        return client;
    }

    /** The server's process id (its CPU time, a JFR dump). */
    public long pid() {
        return process.pid();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The file store settings of a service that keeps its files in {@code bucket} here. */
    public Map<String, String> fileStoreSettings(String bucket) {
        return Map.of(
                "border.federation.files.store", "s3",
                "border.federation.files.s3.endpoint", endpoint.toString(),
                "border.federation.files.s3.region", REGION,
                "border.federation.files.s3.bucket", bucket,
                "border.federation.files.s3.path-style-access", "true",
                "border.federation.files.s3.access-key-id", IDENTITY,
                "border.federation.files.s3.secret-access-key", CREDENTIAL);
    }

    /** Where the filesystem backend keeps the buckets (a folder per bucket). */
    public Path data() {
        return data;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }
}
