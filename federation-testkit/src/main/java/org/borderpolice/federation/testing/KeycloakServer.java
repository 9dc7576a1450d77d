package org.borderpolice.federation.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak (the distribution from Maven Central, unpacked by the build; its home is the
 * system property border.keycloak.home) in development mode, with one realm per jurisdiction:
 * the identity providers the services trust in deployment, for tests of the OIDC paths
 * (client-credentials peer tokens, verification against a JWKS).
 */
public final class KeycloakServer implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path home;
    private final int port;
    private final int managementPort;
    private final List<Realm> realms = new ArrayList<>();
    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    private Process process;

    public KeycloakServer(Path home) {
        this(home, TestFederation.freePort(), TestFederation.freePort());
    }

    /** On chosen ports (a local run whose URLs are printed and documented). */
    public KeycloakServer(Path home, int port, int managementPort) {
        this.home = home;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * A realm file (deploy/keycloak/realms/&lt;code&gt;.json or realms-demo/): imported as it is, with
     * Keycloak resolving its {@code ${VARIABLE:default}} placeholders from the environment.
     * Its name must be border-&lt;jurisdiction code&gt;.
     */
    public Realm realmFile(Path file) {
        try {
            String json = Files.readString(file);
            var matcher = java.util.regex.Pattern.compile("\"realm\"\\s*:\\s*\"border-([0-9]{6})\"")
                    .matcher(json);
            if (!matcher.find()) {
                throw new IllegalArgumentException(file + " is not the realm border-<code> of a jurisdiction");
            }
            Realm realm = new Realm(matcher.group(1), json);
            realms.add(realm);
            return realm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment variable of the Keycloak process (a placeholder of a realm file, the bootstrap admin). */
    public KeycloakServer environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The server's own log (its console output). */
    public Path logFile() {
        return home.resolve("keycloak.log");
    }

    /** The process id of the server (its launcher script), -1 before the start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The server's processes: the launcher script and the JVM it runs. */
    public List<ProcessHandle> processes() {
        if (process == null) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    /** The unpacked distribution named by border.keycloak.home, if the build provided one. */
    public static java.util.Optional<Path> installed() {
        String home = System.getProperty("border.keycloak.home");
        return home == null || !Files.isRegularFile(Path.of(home, "bin", "kc.sh"))
                ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(home));
    }

    /** A realm for this jurisdiction (imported at start). */
    public Realm realm(String jurisdiction) {
        Realm realm = new Realm(jurisdiction);
        realms.add(realm);
        return realm;
    }

    /** A placeholder without a default ("${NAME}"): Keycloak would import its literal text as the value. */
    private static final java.util.regex.Pattern REQUIRED_PLACEHOLDER =
            java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * The placeholders without a default of the realms to import that neither the environment
     * given here nor this JVM's sets (deploy/keycloak/check-placeholders.sh does the same for a
     * deployment): Keycloak would import such a placeholder's literal text, e.g. as a client's
     * secret, which anyone can read in the realm file.
     */
    public java.util.SortedSet<String> unsetPlaceholders() {
        java.util.SortedSet<String> unset = new java.util.TreeSet<>();
        for (Realm realm : realms) {
            var matcher = REQUIRED_PLACEHOLDER.matcher(realm.json());
            while (matcher.find()) {
                String name = matcher.group(1);
                String value = environment.containsKey(name) ? environment.get(name) : System.getenv(name);
                if (value == null || value.isEmpty()) {
                    unset.add(name);
                }
            }
        }
        return unset;
    }

    /**
     * Start on a fresh database with the realms, and wait until their OIDC metadata answers.
     * Refuses to start while a realm's placeholder without a default is unset. Listens on the
     * loopback interface only (its admin console could mint any token the services trust).
     */
    public KeycloakServer start(Duration timeout) {
        java.util.SortedSet<String> unset = unsetPlaceholders();
        if (!unset.isEmpty()) {
            throw new IllegalStateException("the realms need " + unset + " in Keycloak's environment");
        }
        try {
            deleteRecursively(home.resolve("data"));
            reuseBuild();
            Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
            for (Realm realm : realms) {
                Files.writeString(imports.resolve(realm.name() + ".json"), realm.json());
            }
            Path log = home.resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(
                            "bash",
                            home.resolve("bin").resolve("kc.sh").toString(),
                            "start-dev",
                            "--http-host=127.0.0.1",
                            "--http-port=" + port,
                            "--http-management-port=" + managementPort,
                            "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .directory(new File(home.toString()));
            // the JDK running the tests (>= 21), not whatever "java" is first on the PATH
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            // as the services' test processes (JurisdictionProcess): start-up over peak speed. The C1
            // compiler alone takes about a quarter less CPU to a fresh database's first start (its
            // schema and realm imports run once); border.keycloak.jvm-args or a JAVA_OPTS_APPEND of
            // the caller's own replaces it
            String jvmArgs = System.getProperty("border.keycloak.jvm-args", "-XX:TieredStopAtLevel=1");
            if (!jvmArgs.isBlank() && System.getenv("JAVA_OPTS_APPEND") == null) {
                builder.environment().put("JAVA_OPTS_APPEND", jvmArgs);
            }
            builder.environment().putAll(environment);
            process = builder.start();
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "stop-keycloak"));
            Instant deadline = Instant.now().plus(timeout);
            String probe = realms.isEmpty()
                    ? baseUrl() + "/realms/master"
                    : realms.get(realms.size() - 1).issuer();
            while (!answers(probe + "/.well-known/openid-configuration")) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Keycloak did not start:\n" + tail(log));
                }
                Thread.sleep(500);
            }
            keepBuild();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Its address: the loopback interface, where alone it listens (the management interface inherits the host). */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answers(String url) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(2))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Where Keycloak's build of this distribution (its augmentation, lib/quarkus) is kept for the
     * next unpacked copy of the same version: the system property border.keycloak.build-cache
     * (the build sets it to the checkout's target/keycloak-builds), none without it. A fresh
     * unpack builds for 20-45 s of CPU before it starts; the services' modules each unpack their
     * own copy. A build made for other options costs nothing but time: Keycloak sees its options
     * changed and builds again, and that newer build is kept.
     */
    private java.util.Optional<Path> buildCache() {
        String dir = System.getProperty("border.keycloak.build-cache", "");
        return dir.isBlank()
                ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(dir).resolve(home.getFileName()));
    }

    /**
     * This home's build replaced by the kept one, if there is one and this home never started
     * (still the distribution's own build: a home that started keeps its own, whatever options it
     * was built for). A failure here only costs Keycloak's own build.
     */
    private void reuseBuild() {
        var cache = buildCache();
        if (cache.isEmpty() || Files.exists(home.resolve(STARTED))) {
            return;
        }
        try (var lock = lockBuilds(cache.get())) {
            if (!Files.isRegularFile(cache.get().resolve(BUILT))) {
                return;
            }
            Path quarkus = home.resolve("lib").resolve("quarkus");
            try (Stream<Path> files = Files.list(cache.get())) {
                // the build's index last: a copy cut short leaves the distribution's, which Keycloak rebuilds
                for (Path f : files.sorted(Comparator.comparing(
                                f -> f.getFileName().toString().equals(BUILT)))
                        .toList()) {
                    Files.copy(f, quarkus.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.err.println("Keycloak's kept build not reused (" + e + "): it builds its own");
        }
    }

    /**
     * After a start: this home marked as started, and its build kept when none is kept yet or
     * when Keycloak built again (its build is not the kept one). Copied aside, then moved in whole, under the
     * builds' lock. A failure here is said, not thrown: the server is up.
     */
    private void keepBuild() {
        var cache = buildCache();
        try {
            Files.writeString(home.resolve(STARTED), "");
            if (cache.isEmpty()) {
                return;
            }
            try (var lock = lockBuilds(cache.get())) {
                sweepAside(cache.get().getParent());
                Path kept = cache.get().resolve(BUILT);
                // Keycloak built again (for other options) when its build differs from the kept one:
                // compared by content, not by what its log says
                if (Files.isRegularFile(kept)
                        && Files.mismatch(
                                        kept,
                                        home.resolve("lib").resolve("quarkus").resolve(BUILT))
                                == -1) {
                    return;
                }
                Path aside = Files.createTempDirectory(cache.get().getParent(), ASIDE);
                try (Stream<Path> files = Files.list(home.resolve("lib").resolve("quarkus"))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, aside.resolve(f.getFileName()));
                    }
                }
                deleteRecursively(cache.get());
                Files.move(aside, cache.get(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            System.err.println("Keycloak's build not kept for the next module (" + e + ")");
        }
    }

    /** How a build copied aside, not moved in yet, is named. */
    static final String ASIDE = "building-";

    /**
     * Builds copied aside that were never moved in: their process died between the copy and the
     * move. Called under the builds' lock, while no copy aside is being made.
     */
    static void sweepAside(Path builds) throws IOException {
        if (!Files.isDirectory(builds)) {
            return;
        }
        try (Stream<Path> all = Files.list(builds)) {
            for (Path left : all.filter(p -> p.getFileName().toString().startsWith(ASIDE))
                    .toList()) {
                deleteRecursively(left);
            }
        }
    }

    /** The lock of the kept builds, across processes (two modules' tests, a local federation). */
    private static java.io.Closeable lockBuilds(Path cache) throws IOException {
        Files.createDirectories(cache.getParent());
        var channel = java.nio.channels.FileChannel.open(
                cache.getParent().resolve(".lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        try {
            channel.lock();
            return channel::close; // closing the channel releases its lock
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A home that started once (its build is its own from then on). */
    private static final String STARTED = ".border-started";

    /** The file of a Keycloak build. */
    private static final String BUILT = "quarkus-application.dat";

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * A jurisdiction's realm: its realm roles, service-account clients with their claims, and one
     * optional client scope per partner audience (what a relay asks for, one partner at a time).
     */
    public final class Realm {
        private final String jurisdiction;
        private final List<String> clients = new ArrayList<>();
        private final List<String> serviceAccounts = new ArrayList<>();
        private final java.util.SortedSet<String> audienceScopes = new java.util.TreeSet<>();
        /** The realm as a file gives it, or null: built from the calls below. */
        private final String fileJson;

        private Realm(String jurisdiction) {
            this(jurisdiction, null);
        }

        private Realm(String jurisdiction, String fileJson) {
            this.jurisdiction = jurisdiction;
            this.fileJson = fileJson;
        }

        public String jurisdiction() {
            return jurisdiction;
        }

        public String name() {
            return "border-" + jurisdiction;
        }

        /** The issuer ("iss") of the realm's tokens. */
        public String issuer() {
            return baseUrl() + "/realms/" + name();
        }

        public String jwksUrl() {
            return issuer() + "/protocol/openid-connect/certs";
        }

        /**
         * A confidential client whose service account has these realm roles; its access tokens
         * carry the jurisdiction claim, the roles as "groups" and these audiences, whatever it asks.
         */
        public Realm serviceClient(String clientId, String secret, Set<String> roles, Set<String> audiences) {
            List<String> mappers = new ArrayList<>(claimMappers());
            for (String audience : audiences) {
                mappers.add(audienceMapper(audience));
            }
            return client(clientId, secret, roles, mappers, Set.of(), null);
        }

        /**
         * A relay's client as the README describes it: service account with role peer, no
         * audience of its own, and one optional client scope per partner, named like the
         * partner's audience and adding exactly that audience. A client-credentials request with
         * scope=border-&lt;partner&gt; gets a token for that partner alone; null lifespan: the
         * realm's (5 minutes).
         */
        public Realm relayClient(String clientId, String secret, Set<String> partnerAudiences, Duration lifespan) {
            audienceScopes.addAll(partnerAudiences);
            return client(clientId, secret, Set.of("peer"), claimMappers(), partnerAudiences, lifespan);
        }

        private Realm client(
                String clientId,
                String secret,
                Set<String> roles,
                List<String> mappers,
                Set<String> optionalScopes,
                Duration lifespan) {
            String attributes =
                    lifespan == null ? "{}" : "{\"access.token.lifespan\": \"" + lifespan.toSeconds() + "\"}";
            clients.add(
                    """
                    {"clientId": "%s", "enabled": true, "publicClient": false, "secret": "%s",
                     "serviceAccountsEnabled": true, "standardFlowEnabled": false, "directAccessGrantsEnabled": false,
                     "attributes": %s,
                     "defaultClientScopes": ["basic"], "optionalClientScopes": [%s],
                     "protocolMappers": [%s]}""".formatted(clientId, secret, attributes, quoted(optionalScopes), String.join(",\n", mappers)));
            serviceAccounts.add("""
                    {"username": "service-account-%1$s", "enabled": true, "serviceAccountClientId": "%1$s",
                     "realmRoles": [%2$s]}""".formatted(clientId, quoted(roles)));
            return this;
        }

        private List<String> claimMappers() {
            return List.of("""
                    {"name": "jurisdiction", "protocol": "openid-connect", "protocolMapper": "oidc-hardcoded-claim-mapper",
                     "config": {"claim.name": "jurisdiction", "claim.value": "%s", "jsonType.label": "String",
                                "access.token.claim": "true", "id.token.claim": "false"}}""".formatted(jurisdiction), """
                    {"name": "groups", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-realm-role-mapper",
                     "config": {"claim.name": "groups", "multivalued": "true", "jsonType.label": "String",
                                "access.token.claim": "true", "id.token.claim": "false"}}""");
        }

        private static String audienceMapper(String audience) {
            return """
                    {"name": "audience %1$s", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                     "config": {"included.custom.audience": "%1$s", "access.token.claim": "true",
                                "id.token.claim": "false"}}""".formatted(audience);
        }

        /** A client-credentials access token of one of this realm's clients, asking for these scopes. */
        public String clientToken(String clientId, String secret, String... scopes) {
            String form =
                    "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                            + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                            + scopeParameter(scopes);
            TokenAnswer answer = tokenAnswer(form);
            return answer.accessToken()
                    .orElseThrow(() -> new IllegalStateException("no token for " + clientId + ": " + answer));
        }

        /**
         * A user's access token by the direct grant (resource owner password) of a public client,
         * asking for these scopes (a demo and tests only: users log in with the authorization
         * code flow).
         */
        public String userToken(String clientId, String username, String password, String... scopes) {
            TokenAnswer answer = passwordGrant(clientId, username, password, scopes);
            return answer.accessToken()
                    .orElseThrow(() -> new IllegalStateException("no token for " + username + ": " + answer));
        }

        /** What the token endpoint answers to a direct grant, whatever it is. */
        public TokenAnswer passwordGrant(String clientId, String username, String password, String... scopes) {
            return tokenAnswer("grant_type=password&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                    + scopeParameter(scopes));
        }

        private static String scopeParameter(String... scopes) {
            return scopes.length == 0
                    ? ""
                    : "&scope=" + URLEncoder.encode(String.join(" ", scopes), StandardCharsets.UTF_8);
        }

        /** What the realm's token endpoint answers to this form (application/x-www-form-urlencoded). */
        public TokenAnswer tokenAnswer(String form) {
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return new TokenAnswer(response.statusCode(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * The realm. Its client scopes are exactly these (so none of Keycloak's built-in ones,
         * which would add audiences such as "account"): "basic" for the subject, and the
         * partners' audience scopes.
         */
        String json() {
            if (fileJson != null) {
                return fileJson;
            }
            Set<String> roles = Set.of("peer", "analyst", "commander", "investigator", "mediator", "integrator");
            List<String> scopes = new ArrayList<>();
            scopes.add("""
                    {"name": "basic", "protocol": "openid-connect", "attributes": {"include.in.token.scope": "false"},
                     "protocolMappers": [{"name": "sub", "protocol": "openid-connect", "protocolMapper": "oidc-sub-mapper",
                                          "config": {"access.token.claim": "true", "introspection.token.claim": "true"}}]}""");
            for (String audience : audienceScopes) {
                scopes.add("""
                        {"name": "%s", "protocol": "openid-connect", "attributes": {"include.in.token.scope": "true"},
                         "protocolMappers": [%s]}""".formatted(audience, audienceMapper(audience)));
            }
            return """
                    {"realm": "%s", "enabled": true, "accessTokenLifespan": 300,
                     "roles": {"realm": [%s]},
                     "clientScopes": [%s],
                     "defaultDefaultClientScopes": ["basic"],
                     "clients": [%s],
                     "users": [%s]}""".formatted(
                            name(),
                            roles.stream()
                                    .sorted()
                                    .map(r -> "{\"name\": \"" + r + "\"}")
                                    .collect(Collectors.joining(", ")),
                            String.join(",\n", scopes),
                            String.join(",\n", clients),
                            String.join(",\n", serviceAccounts));
        }

        private static String quoted(Set<String> values) {
            return values.stream().sorted().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
        }
    }

    /** The token endpoint's answer: its status and body (an OAuth error or the tokens). */
    public record TokenAnswer(int status, String body) {

        private static final java.util.regex.Pattern ACCESS_TOKEN =
                java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

        /** The access token, if the request was granted. */
        public java.util.Optional<String> accessToken() {
            var matcher = ACCESS_TOKEN.matcher(body);
            return status == 200 && matcher.find()
                    ? java.util.Optional.of(matcher.group(1))
                    : java.util.Optional.empty();
        }
    }
}
