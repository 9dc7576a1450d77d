package org.borderpolice.federation.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Several jurisdictions of one agreement, for tests: each with its own identity provider
 * ({@link TestIssuer}), port and database, and the trust-list configuration that makes them
 * partners. Start any of them as a real process with {@link #process}.
 */
public final class TestFederation {

    public static final String JIANGSHAN = "330881";
    public static final String PUCHENG = "350722";
    public static final String GUANGFENG = "361103";

    /**
     * How often each member anchors its audit chain at its partners, unless a test sets its own
     * (border.federation.audit.anchor-every).
     */
    public static final java.time.Duration ANCHOR_EVERY = java.time.Duration.ofSeconds(5);

    static final Map<String, String> NAMES = Map.of(
            JIANGSHAN,
            "江山市公安局",
            PUCHENG,
            "浦城县公安局",
            GUANGFENG,
            "上饶市广丰区公安局",
            "330822",
            "常山县公安局",
            "361123",
            "玉山县公安局",
            "330824",
            "开化县公安局",
            "330825",
            "龙游县公安局",
            "350781",
            "邵武市公安局",
            "350783",
            "建瓯市公安局");

    private final String service;
    private final String categories;
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Categories the agreement grants one partner instead of {@link #categories} (see {@link #categories(String, String)}). */
    private final Map<String, String> partnerCategories = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each member's Ed25519 key pair that signs its audit chain heads (public half on the partners' trust lists). */
    private final Map<String, java.security.KeyPair> auditKeys = new java.util.concurrent.ConcurrentHashMap<>();
    /** The agreement's blind-index keys by version, shared by every member. */
    private final Map<Integer, String> blindIndexKeys = new java.util.TreeMap<>();
    /** The key versions each member holds (version 1 unless told otherwise). */
    private final Map<String, int[]> blindIndexVersions = new java.util.HashMap<>();

    /**
     * @param service service name whose endpoints the trust list gives ("intel-sharing", ...)
     * @param categories record categories every partner may receive, comma-separated
     */
    public TestFederation(String service, String categories, String... codes) {
        this(
                service,
                categories,
                java.util.Arrays.stream(codes)
                        .collect(java.util.stream.Collectors.toMap(
                                c -> c, c -> freePort(), (a, b) -> a, LinkedHashMap::new)));
    }

    /** With chosen HTTP ports (jurisdiction code to port), e.g. for a local run. */
    public TestFederation(String service, String categories, Map<String, Integer> ports) {
        this.service = service;
        this.categories = categories;
        PostgresServer server = PostgresServer.get();
        ports.forEach((code, port) -> members.put(
                code,
                new Member(
                        code,
                        NAMES.getOrDefault(code, "辖区" + code),
                        new TestIssuer(code),
                        port,
                        freePort(),
                        server.createDatabase("j" + code))));
    }

    public Member member(String code) {
        Member m = members.get(code);
        if (m == null) {
            throw new IllegalArgumentException("no jurisdiction " + code + " in this test federation");
        }
        return m;
    }

    public TestIssuer issuer(String code) {
        return member(code).issuer();
    }

    public PostgresServer.Database database(String code) {
        return member(code).database();
    }

    /** The key pair with which this member signs its audit chain heads. */
    public java.security.KeyPair auditKey(String code) {
        member(code);
        return auditKeys.computeIfAbsent(code, c -> {
            try {
                return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Keys travel as base64 DER (PEM without its armour lines is accepted the same way). */
    static String pem(String type, byte[] der) {
        return java.util.Base64.getEncoder().encodeToString(der);
    }

    /** The agreement's blind-index key of this version (base64, 32 random bytes), made on first use. */
    public synchronized String blindIndexKey(int version) {
        return blindIndexKeys.computeIfAbsent(
                version,
                v -> java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32)));
    }

    /**
     * The blind-index key versions a member's processes started from now on hold (none: no key
     * at all), as an operator rotating the agreement's key sets them.
     */
    public synchronized void useBlindIndexKeys(String code, int... versions) {
        member(code);
        blindIndexVersions.put(code, versions.clone());
    }

    private synchronized int[] blindIndexVersions(String code) {
        return blindIndexVersions.getOrDefault(code, new int[] {1});
    }

    /**
     * The record categories every member's agreement grants {@code code} from now on, instead of
     * the federation's (comma-separated; empty: none), e.g. a partner that takes part in intelligence
     * sharing but not in mediation.
     */
    public TestFederation categories(String code, String categories) {
        member(code);
        partnerCategories.put(code, categories);
        return this;
    }

    /** Trust-list and infrastructure settings for one jurisdiction's process. */
    public Map<String, String> configFor(String code) {
        Member self = member(code);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", String.valueOf(self.httpPort()));
        // the service connects as the application role; migrations run as the database's owner
        p.putAll(self.database().serviceSettings());
        // health, metrics and OpenAPI are on the management interface, a port of its own
        p.put("quarkus.management.port", String.valueOf(self.managementPort()));
        p.put("border.federation.service", service);
        p.put("border.federation.jurisdiction.code", code);
        p.put("border.federation.jurisdiction.name", self.name());
        p.put("border.federation.jurisdiction.issuer", self.issuer().issuer());
        p.put("border.federation.jurisdiction.public-key", self.issuer().publicKeyPem());
        p.put("border.federation.peer-token.mode", "signing-key");
        p.put("border.federation.peer-token.signing-key", self.issuer().privateKeyPem());
        // processes run the prod profile, which refuses these without explicit allowances
        p.put("border.federation.insecure.allow-signing-key-peer-tokens", "true");
        p.put("border.federation.insecure.allow-plaintext-partners", "true");
        p.put("border.federation.insecure.allow-partners-without-mutual-tls", "true");
        p.put(
                "border.federation.audit.signing-key",
                pem("PRIVATE KEY", auditKey(code).getPrivate().getEncoded()));
        // partners start one after the other: a first anchor to one not yet up is tried again
        // within seconds, not a minute later, so that a verify early in a test finds an anchor
        p.put("border.federation.audit.anchor-every", ANCHOR_EVERY.toSeconds() + "s");
        for (int version : blindIndexVersions(code)) {
            p.put("border.federation.blind-index.keys." + version, blindIndexKey(version));
        }
        for (Member partner : members.values()) {
            if (partner.code().equals(code)) {
                continue;
            }
            String prefix = "border.federation.partners." + partner.code() + ".";
            p.put(prefix + "name", partner.name());
            p.put(prefix + "issuer", partner.issuer().issuer());
            p.put(prefix + "public-key", partner.issuer().publicKeyPem());
            p.put(prefix + "endpoints." + service, "localhost:" + partner.httpPort());
            p.put(prefix + "categories", partnerCategories.getOrDefault(partner.code(), categories));
            p.put(prefix + "tls.enabled", "false");
            p.put(
                    prefix + "audit-key",
                    pem("PUBLIC KEY", auditKey(partner.code()).getPublic().getEncoded()));
        }
        return p;
    }

    /** The jurisdiction's service as a process of the packaged application, with extra settings. */
    public JurisdictionProcess process(String code, Path appDir, Map<String, String> overrides) {
        return process(code, code, appDir, overrides);
    }

    /** Another replica of the jurisdiction's service: same database, its own port. */
    public JurisdictionProcess replica(String code, String name, Path appDir, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>(overrides);
        p.put("quarkus.http.port", String.valueOf(freePort()));
        p.put("quarkus.management.port", String.valueOf(freePort()));
        return process(code, name, appDir, p);
    }

    private JurisdictionProcess process(String code, String name, Path appDir, Map<String, String> overrides) {
        Map<String, String> p = configFor(code);
        p.putAll(overrides);
        return new JurisdictionProcess(service + "-" + name, appDir, Integer.parseInt(p.get("quarkus.http.port")), p);
    }

    /** Ports handed out by this JVM: never twice, also while a process that had one is stopped. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now, below the kernel's range for outgoing connections (32768-60999 by
     * default): a port picked inside it can be taken by any outgoing connection (a pool's, a
     * gRPC channel's) before the process binds it, or while the process is stopped between
     * restarts, and the process then fails with "Address already in use".
     */
    public static int freePort() {
        int ephemeralLow = ephemeralLow();
        int low = Math.max(1024, Math.min(10_000, ephemeralLow - 2_000));
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 2_000 && ephemeralLow - low > 100; attempt++) {
            int port = random.nextInt(low, ephemeralLow);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(port));
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                // taken: try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralLow() {
        try {
            // read line by line: on some kernels a /proc file read whole by its size yields one byte
            try (var reader =
                    java.nio.file.Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    public record Member(
            String code,
            String name,
            TestIssuer issuer,
            int httpPort,
            int managementPort,
            PostgresServer.Database database) {}
}
