package org.borderpolice.e2e;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.KeycloakServer;
import org.borderpolice.federation.testing.PostgresServer;
import org.borderpolice.federation.testing.TestFederation;

import io.restassured.path.json.JsonPath;

/**
 * The demo federation of the seed article on one machine (scripts/local-federation.sh): for
 * Jiangshan (330881), Pucheng (350722) and Guangfeng (361103) each, case-exchange, intel-sharing,
 * joint-mediation and the gateway in front of them, every service on its own database of one
 * PostgreSQL server (embedded, or PG_URL), and one Keycloak hosting the three jurisdictions'
 * demo realms (deploy/keycloak/realms-demo) whose demo users log in. Options: {@code --dev-keys} (no
 * Keycloak: development signing keys, tokens signed here, the fast start), {@code --demo-data}
 * (the seeds' demo data, {@link DemoData}). Checks at the end of start-up that every gateway takes
 * a token of its identity provider, prints URLs, logins, logs, its start-up time and memory, and
 * runs until interrupted (Ctrl-C, or {@code local-federation.sh down}, which ends it by the pid
 * file it writes).
 */
public final class LocalFederation {

    /** Port bases: case-exchange base+1, intel-sharing +2, joint-mediation +3, gateway +4; management +100. */
    static final Map<String, Integer> PORT_BASES = new LinkedHashMap<>();

    static {
        PORT_BASES.put(TestFederation.JIANGSHAN, 8080);
        PORT_BASES.put(TestFederation.PUCHENG, 9080);
        PORT_BASES.put(TestFederation.GUANGFENG, 10080);
    }

    static final int KEYCLOAK_PORT = 8090;
    static final int KEYCLOAK_MANAGEMENT_PORT = 8091;
    /** Keycloak's administrator in a local run (demo only); its password is made for each run and printed. */
    static final String KEYCLOAK_ADMIN = "admin";

    public static void main(String[] args) throws Exception {
        Instant begin = Instant.now();
        boolean devKeys = false;
        boolean demoData = false;
        for (String arg : args) {
            switch (arg) {
                case "--dev-keys" -> devKeys = true;
                case "--keycloak" -> devKeys = false;
                case "--demo-data" -> demoData = true;
                default -> {
                    System.err.println("unknown option " + arg + " (--keycloak, --dev-keys, --demo-data)");
                    System.exit(2);
                }
            }
        }
        Path repo =
                Path.of(System.getProperty("border.repo", ".")).toAbsolutePath().normalize();
        Path state = Path.of(System.getProperty(
                "local.dir", repo.resolve("target/local-federation").toString()));
        Files.createDirectories(state);
        Path pidFile = state.resolve("federation.pid");
        Path ready = state.resolve("ready");
        Files.deleteIfExists(ready);
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // going away
            }
        }));

        Path keycloakHome = null;
        if (!devKeys) {
            keycloakHome = KeycloakServer.installed()
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    "no Keycloak distribution (border.keycloak.home): build with -Pe2e, or run with --dev-keys"));
        }
        PostgresServer database = PostgresServer.get();
        // not admin/admin: anyone who logs into the admin console can mint tokens the services trust
        String adminPassword = Suite.chosenOrMade("KC_BOOTSTRAP_ADMIN_PASSWORD");
        Suite suite = new Suite(
                        repo, keycloakHome, Suite.ALL_SERVICES, PORT_BASES, KEYCLOAK_PORT, KEYCLOAK_MANAGEMENT_PORT)
                .keycloakAdmin(KEYCLOAK_ADMIN, adminPassword);
        Map<String, Duration> phases = new LinkedHashMap<>();
        try {
            suite.start(Duration.ofMinutes(6));
            phases.put("all processes ready", Duration.between(begin, Instant.now()));
            smokeCheck(suite, repo);
            phases.put("smoke check passed", Duration.between(begin, Instant.now()));
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("=== the local federation did not start: " + e.getMessage());
            suite.processes().forEach(p -> System.err.println("  log " + p.logFile()));
            if (suite.usesKeycloak()) {
                System.err.println("  log " + suite.keycloak().logFile());
            }
            suite.close();
            System.exit(1);
        }
        DemoData.Loaded loaded = null;
        if (demoData) {
            try {
                loaded = new DemoData(suite).load();
            } catch (RuntimeException e) {
                // the federation runs on: what was loaded stays, a repeat (a restart with --demo-data) takes up the
                // rest
                System.err.println("=== the demo data did not load: " + e.getMessage());
            }
            phases.put("demo data loaded", Duration.between(begin, Instant.now()));
        }
        if (devKeys) {
            writeTokens(suite, repo, state);
        }
        Duration startUp = Duration.between(begin, Instant.now());
        print(suite, repo, state, database, startUp, phases, loaded, adminPassword);
        Files.writeString(ready, startUp.toMillis() + "\n");
        Thread.currentThread().join();
    }

    /** Every gateway answers who a demo user of its jurisdiction is, with a token of its identity provider. */
    static void smokeCheck(Suite suite, Path repo) {
        for (String code : Suite.JURISDICTIONS) {
            DemoUsers.User commander = DemoUsers.withRole(repo, code, "commander");
            String token = suite.userToken(commander, code);
            var response = given().baseUri(suite.gateway(code).baseUrl())
                    .auth()
                    .oauth2(token)
                    .when()
                    .get("/api/v1/gateway/caller");
            JsonPath caller = response.jsonPath();
            if (response.statusCode() != 200
                    || !code.equals(caller.getString("jurisdiction"))
                    || !commander.unit().equals(caller.getString("unit"))
                    || !caller.getList("roles").contains("commander")) {
                throw new IllegalStateException("smoke check: the gateway of " + code + " answered "
                        + response.statusCode() + " " + response.asString() + " for " + commander.username());
            }
        }
    }

    /** Development keys: 12-hour tokens of a demo analyst and commander per jurisdiction, and the keys for more. */
    static void writeTokens(Suite suite, Path repo, Path state) throws IOException {
        Files.createDirectories(state.resolve("keys"));
        StringBuilder env = new StringBuilder();
        for (String code : Suite.JURISDICTIONS) {
            var issuer = suite.devIssuer(code);
            Files.writeString(state.resolve("keys").resolve(code + ".key"), issuer.privateKeyPem());
            String token = issuer.token(code)
                    .roles("analyst", "commander")
                    .unit(DemoUsers.withRole(repo, code, "commander").unit())
                    .subject("demo-analyst-" + code)
                    .expiresIn(Duration.ofHours(12))
                    .sign();
            env.append("export TOKEN_").append(code).append('=').append(token).append('\n');
            env.append("export URL_")
                    .append(code)
                    .append('=')
                    .append(suite.gateway(code).baseUrl())
                    .append('\n');
        }
        Files.writeString(state.resolve("tokens.env"), env.toString());
    }

    static void print(
            Suite suite,
            Path repo,
            Path state,
            PostgresServer database,
            Duration startUp,
            Map<String, Duration> phases,
            DemoData.Loaded demoData,
            String adminPassword) {
        System.out.println();
        System.out.println("=== 跨界四联 local federation: " + (suite.usesKeycloak() ? "Keycloak" : "development keys")
                + (demoData != null ? ", demo data loaded" : "") + " ===");
        for (String code : Suite.JURISDICTIONS) {
            JurisdictionProcess gateway = suite.gateway(code);
            System.out.printf(
                    "%n  %s %s%n",
                    code, suite.federation(Suite.INTEL).member(code).name());
            System.out.printf("      gateway          %s%n", gateway.baseUrl());
            System.out.printf("      Swagger UI       %s/q/swagger-ui%n", gateway.managementUrl());
            if (suite.usesKeycloak()) {
                System.out.printf(
                        "      Keycloak realm   %s%n", suite.realm(code).issuer());
            }
            for (Suite.Service service : suite.services()) {
                JurisdictionProcess p = suite.service(service, code);
                System.out.printf(
                        "      %-16s %s (management %s), database %s%n",
                        service.name(),
                        p.baseUrl(),
                        p.managementUrl(),
                        suite.federation(service).database(code).name());
            }
            System.out.println("      logs");
            for (Suite.Service service : suite.services()) {
                System.out.printf(
                        "        %s%n",
                        repo.relativize(suite.service(service, code).logFile()));
            }
            System.out.printf("        %s%n", repo.relativize(gateway.logFile()));
        }
        System.out.println();
        System.out.println(
                "Each log is a process's whole console output; every start of the federation appends to it.");
        System.out.println("Every process listens on " + Suite.HOST + " only (not reachable from the network).");
        if (suite.usesKeycloak()) {
            System.out.println("Keycloak: " + suite.keycloak().baseUrl() + ", log "
                    + repo.relativize(suite.keycloak().logFile().toAbsolutePath()) + ", admin console "
                    + suite.keycloak().baseUrl() + "/admin (user " + KEYCLOAK_ADMIN + ", password " + adminPassword
                    + ": made for this run)");
        }
        System.out.println("Database: " + database.describe());
        System.out.println();
        System.out.println(
                "Demo logins (password " + Suite.demoPassword() + ", demo only; client " + Suite.CONSOLE_CLIENT + "):");
        for (String code : Suite.JURISDICTIONS) {
            for (DemoUsers.User user : DemoUsers.of(repo, code)) {
                System.out.printf(
                        "  %s  %-22s %-12s %s %s%n", code, user.username(), user.role(), user.unit(), user.name());
            }
        }
        System.out.println();
        if (suite.usesKeycloak()) {
            System.out.println("A token (5 minutes) for Jiangshan's services, as Jiangshan's analyst:");
            System.out.println("  TOKEN=$(scripts/local-token.sh jiangshan-analyst 330881)");
            System.out.println(
                    "  curl -H \"Authorization: Bearer $TOKEN\" http://localhost:8084/api/v1/gateway/caller");
            System.out.println("Pucheng's analyst at Jiangshan's gateway (a token for 330881 from Pucheng's realm):");
            System.out.println("  TOKEN=$(scripts/local-token.sh pucheng-analyst 330881)");
            System.out.println("  curl -G -H \"Authorization: Bearer $TOKEN\" --data-urlencode q=走私 -d facets=true "
                    + "http://localhost:8084/api/v1/alerts");
        } else {
            System.out.println("Tokens (analyst+commander, 12 h) for each jurisdiction:");
            System.out.println("  source " + state.resolve("tokens.env"));
            System.out.println(
                    "  curl -G -H \"Authorization: Bearer $TOKEN_350722\" --data-urlencode q=走私 -d facets=true "
                            + "\"$URL_350722/api/v1/alerts\"");
            System.out.println("More tokens: KEY=" + state.resolve("keys/350722.key") + " JURISDICTION=350722 "
                    + "ISSUER=" + suite.devIssuer(TestFederation.PUCHENG).issuer()
                    + " scripts/dev-token.sh investigator");
        }
        if (demoData != null) {
            printDemoData(demoData);
        }
        System.out.println();
        StringBuilder steps = new StringBuilder();
        phases.forEach((step, at) -> steps.append(steps.isEmpty() ? "" : ", ")
                .append(step)
                .append(String.format(" at %.1f s", at.toMillis() / 1000.0)));
        int postgresPort = database.isEmbedded()
                ? Footprint.port(suite.federation(Suite.INTEL)
                        .database(TestFederation.JIANGSHAN)
                        .jdbcUrl())
                : 0;
        List<ProcessHandle> counted = Footprint.processes(postgresPort);
        System.out.printf("Started in %.1f s (%s)%n", startUp.toMillis() / 1000.0, steps);
        System.out.printf(
                "Memory: %s (PSS; RSS summed over processes, shared pages once per process: %s) in %d processes "
                        + "(this launcher, %d services and gateways, %s%s)%n",
                Footprint.mebibytes(Footprint.proportionalBytes(counted)),
                Footprint.mebibytes(Footprint.residentBytes(counted)),
                counted.size(),
                suite.processes().size(),
                suite.usesKeycloak() ? "Keycloak, " : "",
                postgresPort > 0 ? "PostgreSQL and its backends" : "not the PostgreSQL server of PG_URL");
        System.out.println("Ctrl-C (or scripts/local-federation.sh down) stops the federation.");
    }

    /** Where to look at the demo data (GET through the gateways). */
    static void printDemoData(DemoData.Loaded d) {
        System.out.println();
        System.out.println(
                "Demo data (GET through the gateways; a partner's user sees at another gateway what is shared with it):");
        System.out.printf(
                "  joint meeting       :8084/api/v1/directory/meetings/%s (minutes: …/minutes)%n", d.meeting());
        System.out.printf("  joint patrol        :8084/api/v1/directory/patrols/%s%n", d.patrol());
        System.out.printf("  on duty now         :8084/api/v1/directory/duty/now?jurisdiction=330881%n");
        System.out.printf("  telecom-fraud alert :8084/api/v1/alerts/%s/acknowledgements%n", d.fraudAlert());
        System.out.printf("  smuggling case      :8084/api/v1/cases/%s%n", d.smugglingCase());
        d.assistanceRequests()
                .forEach((to, id) ->
                        System.out.printf("  assistance to %s :8084/api/v1/assistance-requests/%s%n", to, id));
        System.out.printf(
                "  report handed over  :8084/api/v1/case-reports/%s, Pucheng's case :9084/api/v1/cases/%s%n",
                d.report(), d.reportSuccessor());
        System.out.printf(
                "  dispute (三山)      :8084/api/v1/disputes/%s (…/team, …/sessions, …/agreement)%n", d.dispute());
    }

    private LocalFederation() {}
}
