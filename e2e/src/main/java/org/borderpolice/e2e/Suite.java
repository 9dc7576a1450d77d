package org.borderpolice.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.KeycloakServer;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;

/**
 * The suite of several jurisdictions on one machine, as real processes: for each jurisdiction
 * the services (each on its own database of one PostgreSQL server) and the gateway in front of
 * them, all trusting each other's identity providers, all listening on the loopback interface
 * only. The identity providers are either one Keycloak with the demo realm files of
 * deploy/keycloak/realms-demo (each jurisdiction's realm its own issuer and keys; relays fetch
 * peer tokens from it by client credentials; the relays' secrets made for this run and the demo
 * password passed to it explicitly), or the development signing keys (a {@link TestIssuer} per
 * jurisdiction, tokens signed here). Used by the local federation launcher (fixed ports) and by
 * the e2e tests (free ports).
 */
public final class Suite implements AutoCloseable {

    public static final List<String> JURISDICTIONS =
            List.of(TestFederation.JIANGSHAN, TestFederation.PUCHENG, TestFederation.GUANGFENG);

    /** A service of the suite: its module, its record categories, its port offset (the gateway's is 4). */
    public record Service(String name, String categories, int offset) {}

    public static final Service CASES = new Service("case-exchange", "cases", 1);
    public static final Service INTEL = new Service("intel-sharing", "intel,liaison", 2);
    public static final Service MEDIATION = new Service("joint-mediation", "mediation", 3);
    public static final List<Service> ALL_SERVICES = List.of(CASES, INTEL, MEDIATION);
    static final int GATEWAY_OFFSET = 4;
    /** The management interface (health, OpenAPI, Swagger UI) is 100 above the public port. */
    static final int MANAGEMENT_OFFSET = 100;
    /** The relay client of every realm (the trust lists' default peer-client-id). */
    public static final String RELAY_CLIENT = "border-relay";
    /** The users' public client of every realm. */
    public static final String CONSOLE_CLIENT = "border-console";
    /** The demo users' password unless BORDER_DEMO_PASSWORD says otherwise (demo only; the realms' password policy holds for it). */
    public static final String DEMO_PASSWORD = "demo-password";
    /** Where every process of the suite listens: nobody else on the network reaches a local run. */
    public static final String HOST = "127.0.0.1";
    /** The agreement of the seed article (跨区域警务合作协议书; "近日" in an article of 2023-11-07: the day is not in the seed). */
    public static final String AGREEMENT_SIGNED_ON = "2023-11-01";

    private final Path repo;
    private final List<Service> services;
    private final boolean keycloakIdentity;
    /** Jurisdiction to the base of its ports (8080 for Jiangshan: case-exchange 8081 ... gateway 8084), or null: free ports. */
    private final Map<String, Integer> portBases;

    private final Map<String, TestIssuer> devIssuers = new LinkedHashMap<>();
    private final Map<Service, TestFederation> federations = new LinkedHashMap<>();
    private final Map<String, Map<Service, JurisdictionProcess>> processes = new LinkedHashMap<>();
    private final Map<String, JurisdictionProcess> gateways = new LinkedHashMap<>();
    private KeycloakServer keycloak;
    private final Map<String, KeycloakServer.Realm> realms = new LinkedHashMap<>();
    /** Each relay's client secret of this run (BORDER_RELAY_SECRET_&lt;code&gt; if set, else made here). */
    private final Map<String, String> relaySecrets = new LinkedHashMap<>();

    private CompletableFuture<KeycloakServer> keycloakStarted;
    /** Settings of single processes over the suite's own ("<code>/<module or gateway>" to its settings). */
    private final Map<String, Map<String, String>> processSettings = new LinkedHashMap<>();

    /**
     * @param repo the repository (packaged applications under &lt;module&gt;/target/quarkus-app,
     *        realm files under deploy/keycloak/realms)
     * @param keycloakHome the unpacked Keycloak distribution, or null: development signing keys
     * @param portBases fixed port bases per jurisdiction, or null for free ports
     */
    public Suite(Path repo, Path keycloakHome, List<Service> services, Map<String, Integer> portBases) {
        this(repo, keycloakHome, services, portBases, 0, 0);
    }

    /** With Keycloak on these ports (0: free ones). */
    public Suite(
            Path repo,
            Path keycloakHome,
            List<Service> services,
            Map<String, Integer> portBases,
            int keycloakPort,
            int keycloakManagementPort) {
        this.repo = repo.toAbsolutePath().normalize();
        this.services = List.copyOf(services);
        this.portBases = portBases;
        this.keycloakIdentity = keycloakHome != null;
        for (String code : JURISDICTIONS) {
            devIssuers.put(code, new TestIssuer(code));
        }
        if (keycloakIdentity) {
            keycloak = keycloakPort == 0
                    ? new KeycloakServer(keycloakHome)
                    : new KeycloakServer(keycloakHome, keycloakPort, keycloakManagementPort);
            for (String code : JURISDICTIONS) {
                realms.put(code, keycloak.realmFile(realmFile(this.repo, code)));
                relaySecrets.put(code, chosenOrMade("BORDER_RELAY_SECRET_" + code));
                keycloak.environment("BORDER_RELAY_SECRET_" + code, relaySecrets.get(code));
            }
            keycloak.environment("BORDER_DEMO_PASSWORD", demoPassword());
        }
        for (Service service : this.services) {
            federations.put(
                    service,
                    portBases == null
                            ? new TestFederation(
                                    service.name(), service.categories(), JURISDICTIONS.toArray(String[]::new))
                            : new TestFederation(service.name(), service.categories(), ports(service.offset())));
        }
    }

    /** The demo realm file of a jurisdiction (deploy/keycloak/realms-demo: demo users, direct grant), which local runs and tests import. */
    public static Path realmFile(Path repo, String code) {
        return repo.resolve("deploy").resolve("keycloak").resolve("realms-demo").resolve(code + ".json");
    }

    /** The deployment's realm file of a jurisdiction (deploy/keycloak/realms: no users, no direct grant). */
    public static Path deploymentRealmFile(Path repo, String code) {
        return repo.resolve("deploy").resolve("keycloak").resolve("realms").resolve(code + ".json");
    }

    /** An environment variable's value, or 32 random bytes (base64url) made now. */
    static String chosenOrMade(String variable) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Map<String, Integer> ports(int offset) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        portBases.forEach((code, base) -> ports.put(code, base + offset));
        return ports;
    }

    /** Keycloak for the admin console: the bootstrap admin of a local run (demo only). */
    public Suite keycloakAdmin(String user, String password) {
        if (keycloak != null) {
            keycloak.environment("KC_BOOTSTRAP_ADMIN_USERNAME", user)
                    .environment("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
        }
        return this;
    }

    /**
     * Settings of one process over the suite's own (a test that needs lower rate limits at one
     * gateway, or a shorter relay backoff at one service); before {@link #start}.
     *
     * @param component a service's module name ({@link Service#name()}) or {@code gateway}
     */
    public Suite settings(String code, String component, Map<String, String> settings) {
        processSettings
                .computeIfAbsent(code + "/" + component, k -> new LinkedHashMap<>())
                .putAll(settings);
        return this;
    }

    private Map<String, String> settingsOf(String code, String component) {
        return processSettings.getOrDefault(code + "/" + component, Map.of());
    }

    /**
     * Start everything: Keycloak in the background (the services fetch its keys on the first
     * token, and their relays' peer tokens when they first deliver), then every service and
     * gateway; returns when all are ready.
     */
    public Suite start(Duration timeout) {
        if (keycloak != null) {
            keycloakStarted = CompletableFuture.supplyAsync(() -> keycloak.start(timeout));
        }
        List<JurisdictionProcess> all = new ArrayList<>();
        for (String code : JURISDICTIONS) {
            Map<Service, JurisdictionProcess> own = new LinkedHashMap<>();
            for (Service service : services) {
                TestFederation federation = federations.get(service);
                Map<String, String> settings = identity(code);
                settings.putAll(oneMachine());
                if (service.equals(INTEL)) {
                    settings.putAll(agreement());
                }
                if (service.equals(MEDIATION) && own.containsKey(CASES)) {
                    // a dispute escalated opens its case at this jurisdiction's case-exchange (default :8081)
                    settings.put(
                            "border.mediation.escalation.case-exchange-url",
                            own.get(CASES).baseUrl());
                }
                if (portBases != null) {
                    settings.put(
                            "quarkus.management.port",
                            String.valueOf(federation.member(code).httpPort() + MANAGEMENT_OFFSET));
                }
                settings.putAll(settingsOf(code, service.name()));
                JurisdictionProcess process = federation.process(code, app(service.name()), settings);
                own.put(service, process);
                all.add(process);
            }
            processes.put(code, own);
            JurisdictionProcess gateway = gatewayProcess(code, own);
            gateways.put(code, gateway);
            all.add(gateway);
        }
        // a launcher or test that dies takes its processes with it (each also has a hook of its own)
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-suite"));
        JurisdictionProcess.startAll(timeout, all.toArray(JurisdictionProcess[]::new));
        if (keycloakStarted != null) {
            keycloakStarted.join();
        }
        return this;
    }

    private Path app(String module) {
        Path dir = repo.resolve(module).resolve("target").resolve("quarkus-app");
        if (!Files.isRegularFile(dir.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(dir + " has no quarkus-run.jar: build " + module + " first");
        }
        return dir;
    }

    /**
     * The liaison directory's agreement (hosted by intel-sharing): the parties in the order the
     * chair of joint meetings rotates, the date; title and principles are the defaults
     * (跨区域警务合作协议书, 常态、共享、联动、共赢).
     */
    private Map<String, String> agreement() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("border.federation.directory.agreement.signed-on", AGREEMENT_SIGNED_ON);
        p.put("border.federation.directory.agreement.parties", String.join(",", JURISDICTIONS));
        return p;
    }

    /**
     * java -jar is a production start: on one machine, plain links (no mutual TLS) are allowed
     * explicitly; every process listens on the loopback interface only.
     */
    private Map<String, String> oneMachine() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.host", HOST);
        p.put("quarkus.management.host", HOST);
        p.put("border.federation.insecure.allow-plaintext-partners", "true");
        p.put("border.federation.insecure.allow-partners-without-mutual-tls", "true");
        p.put("border.federation.insecure.allow-signing-key-peer-tokens", String.valueOf(!keycloakIdentity));
        return p;
    }

    /**
     * The trust list's identity part for a process of this jurisdiction: every jurisdiction's
     * issuer with its keys (a Keycloak realm's JWKS, or the development issuer's public key, the
     * same for all services of a jurisdiction) and how our relay gets its peer tokens.
     */
    Map<String, String> identity(String self) {
        Map<String, String> p = new LinkedHashMap<>();
        if (keycloakIdentity) {
            KeycloakServer.Realm own = realms.get(self);
            p.put("border.federation.jurisdiction.issuer", own.issuer());
            p.put("border.federation.jurisdiction.public-key", "");
            p.put("border.federation.jurisdiction.jwks-url", own.jwksUrl());
            p.put("border.federation.jurisdiction.peer-client-id", RELAY_CLIENT);
            p.put("border.federation.peer-token.mode", "oidc-client");
            p.put("border.federation.peer-token.signing-key", "");
            p.put("quarkus.oidc-client.auth-server-url", own.issuer());
            p.put("quarkus.oidc-client.client-id", RELAY_CLIENT);
            p.put("quarkus.oidc-client.credentials.secret", relaySecret(self));
        } else {
            TestIssuer own = devIssuers.get(self);
            p.put("border.federation.jurisdiction.issuer", own.issuer());
            p.put("border.federation.jurisdiction.public-key", own.publicKeyPem());
            p.put("border.federation.peer-token.mode", "signing-key");
            p.put("border.federation.peer-token.signing-key", own.privateKeyPem());
        }
        for (String partner : JURISDICTIONS) {
            if (partner.equals(self)) {
                continue;
            }
            String prefix = "border.federation.partners." + partner + ".";
            if (keycloakIdentity) {
                p.put(prefix + "issuer", realms.get(partner).issuer());
                p.put(prefix + "public-key", "");
                p.put(prefix + "jwks-url", realms.get(partner).jwksUrl());
                p.put(prefix + "peer-client-id", RELAY_CLIENT);
            } else {
                p.put(prefix + "issuer", devIssuers.get(partner).issuer());
                p.put(prefix + "public-key", devIssuers.get(partner).publicKeyPem());
            }
        }
        return p;
    }

    /** The relay's secret of this run, as Keycloak imported it (BORDER_RELAY_SECRET_&lt;code&gt;, or made at construction). */
    public String relaySecret(String code) {
        String secret = relaySecrets.get(code);
        if (secret == null) {
            throw new IllegalStateException("no Keycloak in this suite: no relay secret");
        }
        return secret;
    }

    /** The demo users' password as the realm files resolve it. */
    public static String demoPassword() {
        String configured = System.getenv("BORDER_DEMO_PASSWORD");
        return configured == null || configured.isEmpty() ? DEMO_PASSWORD : configured;
    }

    /** The gateway of a jurisdiction: its trust list and a route to each of its services, nothing else. */
    private JurisdictionProcess gatewayProcess(String code, Map<Service, JurisdictionProcess> own) {
        Map<String, String> p = new LinkedHashMap<>();
        int port = portBases == null ? TestFederation.freePort() : portBases.get(code) + GATEWAY_OFFSET;
        p.put("quarkus.http.port", String.valueOf(port));
        p.put("quarkus.http.host", HOST);
        p.put("quarkus.management.host", HOST);
        p.put(
                "quarkus.management.port",
                String.valueOf(portBases == null ? TestFederation.freePort() : port + MANAGEMENT_OFFSET));
        p.put("border.federation.service", "gateway");
        p.put("border.federation.jurisdiction.code", code);
        p.put(
                "border.federation.jurisdiction.name",
                federations.values().iterator().next().member(code).name());
        for (String partner : JURISDICTIONS) {
            if (!partner.equals(code)) {
                p.put(
                        "border.federation.partners." + partner + ".name",
                        federations.values().iterator().next().member(partner).name());
            }
        }
        p.putAll(identity(code));
        // the gateway has no relay: no peer tokens of its own
        p.keySet().removeIf(k -> k.startsWith("border.federation.peer-token.") || k.startsWith("quarkus.oidc-client."));
        for (Service service : ALL_SERVICES) {
            JurisdictionProcess target = own.get(service);
            String prefix = "border.gateway.services." + service.name() + ".";
            if (target != null) {
                p.put(prefix + "url", target.baseUrl());
                p.put(prefix + "management-url", target.managementUrl());
            } else {
                // a service this suite does not run: its routes answer 502, as when it is down
                int nowhere = TestFederation.freePort();
                p.put(prefix + "url", "http://localhost:" + nowhere);
                p.put(prefix + "management-url", "http://localhost:" + nowhere);
            }
        }
        p.putAll(settingsOf(code, "gateway"));
        return new JurisdictionProcess("gateway-" + code, app("gateway"), port, p);
    }

    public Path repo() {
        return repo;
    }

    public boolean usesKeycloak() {
        return keycloakIdentity;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public KeycloakServer.Realm realm(String code) {
        return realms.get(code);
    }

    /** The development identity provider of a jurisdiction (mode dev keys). */
    public TestIssuer devIssuer(String code) {
        return devIssuers.get(code);
    }

    public JurisdictionProcess gateway(String code) {
        return gateways.get(code);
    }

    public JurisdictionProcess service(Service service, String code) {
        return processes.get(code).get(service);
    }

    public TestFederation federation(Service service) {
        return federations.get(service);
    }

    public List<Service> services() {
        return services;
    }

    /** Every process of the suite (services and gateways), jurisdiction by jurisdiction. */
    public List<JurisdictionProcess> processes() {
        List<JurisdictionProcess> all = new ArrayList<>();
        for (String code : processes.keySet()) {
            all.addAll(processes.get(code).values());
            if (gateways.containsKey(code)) {
                all.add(gateways.get(code));
            }
        }
        return all;
    }

    /**
     * A user's access token for the services of {@code audience}: with Keycloak, the demo user's
     * by the direct grant of the console client asking for scope border-&lt;audience&gt;; with
     * the development keys, signed here with the same claims.
     */
    public String userToken(DemoUsers.User user, String audience) {
        if (keycloakIdentity) {
            return realms.get(user.jurisdiction())
                    .userToken(CONSOLE_CLIENT, user.username(), demoPassword(), "border-" + audience);
        }
        return devIssuers
                .get(user.jurisdiction())
                .token(audience)
                .roles(user.role())
                .unit(user.unit())
                .subject(user.username())
                .sign();
    }

    @Override
    public synchronized void close() {
        // all at once, Keycloak too, a thread each: each waits for its own graceful stop (a parallel
        // stream stopped them two at a time on two cores: a minute for the suite)
        try (var stopping = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("stop-", 0).factory())) {
            for (JurisdictionProcess process : processes()) {
                stopping.submit(process::stop);
            }
            if (keycloak != null) {
                stopping.submit(keycloak::close);
            }
        }
    }
}
