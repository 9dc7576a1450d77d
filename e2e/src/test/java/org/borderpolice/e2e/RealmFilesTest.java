package org.borderpolice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The rules of the realm files that keep tokens acceptable to the services and no more, checked
 * on the files without a Keycloak (KeycloakRealmsIT checks the demo set in one): both sets
 * (deploy/keycloak/realms for a deployment, realms-demo for local runs and tests), and what makes
 * the deployment set fail closed (no secret at all, no users, no direct grant, a password policy,
 * a start refused while a placeholder is unset).
 */
class RealmFilesTest {

    static final Path REPO =
            Path.of(System.getProperty("border.repo", "..")).toAbsolutePath().normalize();

    /** The demo realm of a jurisdiction. */
    static JsonObject realm(String code) throws IOException {
        return new JsonObject(Files.readString(Suite.realmFile(REPO, code)));
    }

    /** The deployment's realm of a jurisdiction. */
    static JsonObject deployment(String code) throws IOException {
        return new JsonObject(Files.readString(Suite.deploymentRealmFile(REPO, code)));
    }

    /** Both sets' realms of every jurisdiction. */
    static List<JsonObject> bothSets() throws IOException {
        List<JsonObject> all = new java.util.ArrayList<>();
        for (String code : Suite.JURISDICTIONS) {
            all.add(realm(code));
            all.add(deployment(code));
        }
        return all;
    }

    static String code(JsonObject realm) {
        return realm.getString("realm").substring("border-".length());
    }

    static JsonObject client(JsonObject realm, String clientId) {
        return realm.getJsonArray("clients").stream()
                .map(JsonObject.class::cast)
                .filter(c -> clientId.equals(c.getString("clientId")))
                .findFirst()
                .orElseThrow();
    }

    static Set<String> strings(JsonArray array) {
        return array.stream().map(String::valueOf).collect(Collectors.toSet());
    }

    static Set<String> audiences(List<String> codes) {
        return codes.stream().map(c -> "border-" + c).collect(Collectors.toSet());
    }

    @Test
    void eachRealmIsItsJurisdictionsWithShortTokensAndBruteForceProtection() throws IOException {
        for (String code : Suite.JURISDICTIONS) {
            assertEquals("border-" + code, realm(code).getString("realm"));
            assertEquals("border-" + code, deployment(code).getString("realm"));
        }
        for (JsonObject realm : bothSets()) {
            String code = code(realm);
            assertEquals(300, realm.getInteger("accessTokenLifespan"), code);
            assertTrue(realm.getBoolean("bruteForceProtected"), code);
            assertEquals(5, realm.getInteger("failureFactor"), code);
            assertFalse(realm.getBoolean("registrationAllowed"), code);
            // only our scopes: none of Keycloak's built-in ones, which would add audiences ("account") or offline
            // tokens
            Set<String> scopes = realm.getJsonArray("clientScopes").stream()
                    .map(s -> ((JsonObject) s).getString("name"))
                    .collect(Collectors.toSet());
            Set<String> expected = new HashSet<>(audiences(Suite.JURISDICTIONS));
            expected.add("basic");
            expected.add("border-claims");
            assertEquals(expected, scopes, code);
            assertEquals(Set.of("basic", "border-claims"), strings(realm.getJsonArray("defaultDefaultClientScopes")));
        }
    }

    @Test
    void theRelayAsksForOnePartnersAudienceAndNothingElse() throws IOException {
        for (JsonObject realm : bothSets()) {
            String code = code(realm);
            JsonObject relay = client(realm, Suite.RELAY_CLIENT);
            assertFalse(relay.getBoolean("publicClient"), code);
            assertTrue(relay.getBoolean("serviceAccountsEnabled"), code);
            assertFalse(relay.getBoolean("standardFlowEnabled"), code);
            assertFalse(relay.getBoolean("directAccessGrantsEnabled"), code);
            assertEquals(
                    audiences(Suite.JURISDICTIONS.stream()
                            .filter(c -> !c.equals(code))
                            .toList()),
                    strings(relay.getJsonArray("optionalClientScopes")),
                    code);
            // no audience by default: a token names a partner only when asked for it
            assertEquals(Set.of("basic", "border-claims"), strings(relay.getJsonArray("defaultClientScopes")));
        }
        // the demo set's secret is a placeholder without a default (unset, Keycloak would import its text)
        for (String code : Suite.JURISDICTIONS) {
            assertEquals(
                    "${BORDER_RELAY_SECRET_" + code + "}",
                    client(realm(code), Suite.RELAY_CLIENT).getString("secret"));
        }
    }

    /**
     * Review 26 M4: a deployment realm names no secret at all. Keycloak makes a random one at import
     * that nobody else knows; a placeholder would be imported as its literal text wherever nothing
     * resolves it (the Keycloak operator's import job, a plain {@code --import-realm}).
     */
    @Test
    void aDeploymentRealmHoldsNoSecret() throws IOException {
        for (String code : Suite.JURISDICTIONS) {
            String json = Files.readString(Suite.deploymentRealmFile(REPO, code));
            assertFalse(json.contains("\"secret\""), code + ": a deployment realm names a secret");
            assertFalse(json.contains("BORDER_RELAY_SECRET"), code);
            JsonObject relay = client(deployment(code), Suite.RELAY_CLIENT);
            assertFalse(relay.containsKey("secret"), code);
            // still confidential: Keycloak generates the secret of a client-secret client
            assertEquals("client-secret", relay.getString("clientAuthenticatorType"), code);
            assertFalse(relay.getBoolean("publicClient"), code);
        }
    }

    @Test
    void theConsoleIsPublicWithPkceAndOneAudiencePerToken() throws IOException {
        for (JsonObject realm : bothSets()) {
            String code = code(realm);
            JsonObject console = client(realm, Suite.CONSOLE_CLIENT);
            assertTrue(console.getBoolean("publicClient"), code);
            assertFalse(console.getBoolean("serviceAccountsEnabled"), code);
            assertFalse(console.getBoolean("implicitFlowEnabled"), code);
            assertEquals("S256", console.getJsonObject("attributes").getString("pkce.code.challenge.method"));
            assertEquals(audiences(Suite.JURISDICTIONS), strings(console.getJsonArray("optionalClientScopes")));
            assertEquals(Set.of("basic", "border-claims"), strings(console.getJsonArray("defaultClientScopes")));
        }
    }

    @Test
    void theIdTokenNamesThePersonInPartsAndTheAccessTokenDoesNot() throws IOException {
        // the console writes a Han name family first (徐丽) from family_name and given_name
        for (JsonObject realm : bothSets()) {
            JsonObject claims = realm.getJsonArray("clientScopes").stream()
                    .map(JsonObject.class::cast)
                    .filter(s -> "border-claims".equals(s.getString("name")))
                    .findFirst()
                    .orElseThrow();
            for (String[] part : new String[][] {{"family_name", "lastName"}, {"given_name", "firstName"}}) {
                JsonObject mapper = claims.getJsonArray("protocolMappers").stream()
                        .map(JsonObject.class::cast)
                        .filter(m -> part[0].equals(m.getJsonObject("config").getString("claim.name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(code(realm) + ": no " + part[0]));
                JsonObject config = mapper.getJsonObject("config");
                assertEquals(part[1], config.getString("user.attribute"), code(realm));
                assertEquals("true", config.getString("id.token.claim"), code(realm));
                assertEquals(
                        "false", config.getString("access.token.claim"), code(realm) + ": personal data stays out");
            }
        }
    }

    @Test
    void noPlaceholderInEitherSetHasADefault() throws IOException {
        var withDefault = java.util.regex.Pattern.compile("\\$\\{[A-Za-z0-9_.]+:");
        for (String code : Suite.JURISDICTIONS) {
            for (Path file : List.of(Suite.realmFile(REPO, code), Suite.deploymentRealmFile(REPO, code))) {
                String json = Files.readString(file);
                assertFalse(withDefault.matcher(json).find(), file + " has a placeholder with a default");
                assertFalse(json.contains("demo-relay-secret"), file.toString());
            }
        }
    }

    @Test
    void aDeploymentRealmHasNoPeopleNoDirectGrantNoLocalRedirectsAndExactlyTheConsolesLogin() throws IOException {
        for (String code : Suite.JURISDICTIONS) {
            JsonObject realm = deployment(code);
            // only the relay's service account: users come from the bureau's directory
            JsonArray users = realm.getJsonArray("users");
            assertEquals(1, users.size(), code);
            JsonObject account = users.getJsonObject(0);
            assertEquals(Suite.RELAY_CLIENT, account.getString("serviceAccountClientId"), code);
            assertFalse(account.containsKey("credentials"), code);
            assertFalse(realm.encode().contains("BORDER_DEMO_PASSWORD"), code);
            for (Object c : realm.getJsonArray("clients")) {
                JsonObject client = (JsonObject) c;
                assertFalse(client.getBoolean("directAccessGrantsEnabled"), code + " " + client.getString("clientId"));
                assertFalse(client.getBoolean("implicitFlowEnabled"), code + " " + client.getString("clientId"));
            }
            JsonObject console = client(realm, Suite.CONSOLE_CLIENT);
            // review 28 S8: exactly the gateway's login callback (BORDER_CONSOLE_URL is the gateway's
            // /console), no wildcard under which any other page of the host could receive a code;
            // after logout exactly the console
            assertEquals(
                    List.of("${BORDER_CONSOLE_URL}/login"),
                    console.getJsonArray("redirectUris").getList(),
                    code);
            assertEquals(
                    "${BORDER_CONSOLE_URL}/",
                    console.getJsonObject("attributes").getString("post.logout.redirect.uris"),
                    code);
            for (Object c : realm.getJsonArray("clients")) {
                JsonObject client = (JsonObject) c;
                String uris = String.valueOf(client.getValue("redirectUris")) + " "
                        + client.getJsonObject("attributes", new JsonObject()).getValue("post.logout.redirect.uris");
                assertFalse(uris.contains("*"), code + " " + client.getString("clientId") + ": " + uris);
                assertFalse(uris.contains("+"), code + " " + client.getString("clientId") + ": " + uris);
            }
            assertFalse(realm.encode().contains("localhost"), code);
        }
    }

    @Test
    void everyRealmHasAPasswordPolicyOfTwelveCharactersNotTheUserNameWithHistory() throws IOException {
        for (JsonObject realm : bothSets()) {
            String code = code(realm);
            String policy = realm.getString("passwordPolicy");
            assertTrue(policy != null, code);
            Set<String> rules = java.util.Arrays.stream(policy.split(" and "))
                    .map(String::trim)
                    .collect(Collectors.toSet());
            int length = rules.stream()
                    .filter(r -> r.startsWith("length("))
                    .mapToInt(r -> Integer.parseInt(r.substring("length(".length(), r.length() - 1)))
                    .findFirst()
                    .orElse(0);
            assertTrue(length >= 12, code + ": " + policy);
            assertTrue(rules.stream().anyMatch(r -> r.startsWith("notUsername")), code + ": " + policy);
            int history = rules.stream()
                    .filter(r -> r.startsWith("passwordHistory("))
                    .mapToInt(r -> Integer.parseInt(r.substring("passwordHistory(".length(), r.length() - 1)))
                    .findFirst()
                    .orElse(0);
            assertTrue(history >= 1, code + ": " + policy);
        }
        // the demo password the launcher passes meets it
        assertTrue(Suite.DEMO_PASSWORD.length() >= 12);
    }

    @Test
    void theDemoSetHasDirectGrantForTheConsoleOnlyAndItsPasswordFromTheEnvironment() throws IOException {
        for (String code : Suite.JURISDICTIONS) {
            JsonObject realm = realm(code);
            assertTrue(client(realm, Suite.CONSOLE_CLIENT).getBoolean("directAccessGrantsEnabled"), code);
            assertFalse(client(realm, Suite.RELAY_CLIENT).getBoolean("directAccessGrantsEnabled"), code);
            for (Object o : realm.getJsonArray("users")) {
                JsonObject user = (JsonObject) o;
                if (user.containsKey("serviceAccountClientId")) {
                    continue;
                }
                assertEquals(
                        "${BORDER_DEMO_PASSWORD}",
                        user.getJsonArray("credentials").getJsonObject(0).getString("value"),
                        user.getString("username"));
            }
        }
    }

    @Test
    void keycloakDoesNotStartWhileAPlaceholderWithoutDefaultIsUnset() throws IOException {
        Path home = Files.createTempDirectory("keycloak-home");
        org.borderpolice.federation.testing.KeycloakServer keycloak =
                new org.borderpolice.federation.testing.KeycloakServer(home);
        keycloak.realmFile(Suite.deploymentRealmFile(REPO, "330881"));
        // unless this JVM's environment happens to set them
        Set<String> expected = new HashSet<>();
        for (String name : List.of("BORDER_CONSOLE_URL")) {
            if (System.getenv(name) == null || System.getenv(name).isEmpty()) {
                expected.add(name);
            }
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(expected.isEmpty(), "the environment sets it");
        assertEquals(expected, keycloak.unsetPlaceholders());
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> keycloak.start(java.time.Duration.ofSeconds(1)));
        assertTrue(refused.getMessage().contains(expected.iterator().next()), refused.getMessage());
        assertFalse(Files.exists(home.resolve("data")), "nothing was started or written");
        keycloak.environment("BORDER_CONSOLE_URL", "https://console.example");
        assertEquals(Set.of(), keycloak.unsetPlaceholders());
    }

    /** deploy/keycloak/check-placeholders.sh, as a deployment runs it before Keycloak. */
    static int checkPlaceholders(String set, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        "sh",
                        REPO.resolve("deploy/keycloak/check-placeholders.sh").toString(),
                        REPO.resolve("deploy/keycloak").resolve(set).toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(k -> k.startsWith("BORDER_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        return process.waitFor();
    }

    @Test
    void theStartCheckRefusesAnUnsetPlaceholderOrShortSecret() throws IOException, InterruptedException {
        // the deployment set: only the console's URL remains to be set
        assertEquals(0, checkPlaceholders("realms", Map.of("BORDER_CONSOLE_URL", "https://console.border.example")));
        assertEquals(1, checkPlaceholders("realms", Map.of()));
        // the realm appends /login: a trailing slash would register //login (review 28, COULD)
        assertEquals(1, checkPlaceholders("realms", Map.of("BORDER_CONSOLE_URL", "https://console.border.example/")));
        // a set with relay secrets (the demo set): each set, each at least 32 characters
        Map<String, String> complete = new java.util.HashMap<>();
        complete.put("BORDER_DEMO_PASSWORD", "demo-password-long");
        for (String code : Suite.JURISDICTIONS) {
            complete.put("BORDER_RELAY_SECRET_" + code, "s".repeat(32) + code);
        }
        assertEquals(0, checkPlaceholders("realms-demo", complete));
        Map<String, String> oneMissing = new java.util.HashMap<>(complete);
        oneMissing.remove("BORDER_RELAY_SECRET_350722");
        assertEquals(1, checkPlaceholders("realms-demo", oneMissing));
        Map<String, String> shortSecret = new java.util.HashMap<>(complete);
        shortSecret.put("BORDER_RELAY_SECRET_361103", "demo-relay-secret-361103");
        assertEquals(1, checkPlaceholders("realms-demo", shortSecret));
    }

    @Test
    void onePersonPerRoleOfTheJurisdictionAndOnlyTheRelayIsPeer() throws IOException {
        for (String code : Suite.JURISDICTIONS) {
            List<DemoUsers.User> users = DemoUsers.of(REPO, code);
            assertEquals(
                    Set.of("investigator", "analyst", "mediator", "commander", "integrator"),
                    users.stream().map(DemoUsers.User::role).collect(Collectors.toSet()));
            assertEquals(5, users.size(), code);
            for (DemoUsers.User user : users) {
                assertEquals(code, user.jurisdiction(), user.toString());
                assertFalse(user.unit().isBlank(), user.toString());
            }
            for (Object o : realm(code).getJsonArray("users")) {
                JsonObject user = (JsonObject) o;
                boolean relay = Suite.RELAY_CLIENT.equals(user.getString("serviceAccountClientId"));
                assertEquals(
                        relay, strings(user.getJsonArray("realmRoles")).contains("peer"), user.getString("username"));
                assertEquals(
                        List.of(code),
                        user.getJsonObject("attributes")
                                .getJsonArray("jurisdiction")
                                .getList(),
                        user.getString("username"));
            }
        }
    }
}
