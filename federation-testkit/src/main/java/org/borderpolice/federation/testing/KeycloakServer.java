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
    private final int port = TestFederation.freePort();
    private final List<Realm> realms = new ArrayList<>();
    private Process process;

    public KeycloakServer(Path home) {
        this.home = home;
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

    /** Start on a fresh database with the realms, and wait until their OIDC metadata answers. */
    public KeycloakServer start(Duration timeout) {
        try {
            deleteRecursively(home.resolve("data"));
            Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
            for (Realm realm : realms) {
                Files.writeString(imports.resolve(realm.name() + ".json"), realm.json());
            }
            Path log = home.resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(
                            "bash",
                            home.resolve("bin").resolve("kc.sh").toString(),
                            "start-dev",
                            "--http-port=" + port,
                            "--http-management-port=" + TestFederation.freePort(),
                            "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .directory(new File(home.toString()));
            // the JDK running the tests (>= 21), not whatever "java" is first on the PATH
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
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
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

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

        private Realm(String jurisdiction) {
            this.jurisdiction = jurisdiction;
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
                            + (scopes.length == 0
                                    ? ""
                                    : "&scope=" + URLEncoder.encode(String.join(" ", scopes), StandardCharsets.UTF_8));
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                var matcher = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                        .matcher(response.body());
                if (response.statusCode() != 200 || !matcher.find()) {
                    throw new IllegalStateException(
                            "no token for " + clientId + ": " + response.statusCode() + " " + response.body());
                }
                return matcher.group(1);
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
}
