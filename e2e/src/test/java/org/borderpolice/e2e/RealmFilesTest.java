package org.borderpolice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The rules of the realm files (deploy/keycloak/realms) that keep tokens acceptable to the
 * services and no more, checked on the files without a Keycloak (KeycloakRealmsIT checks them in
 * one).
 */
class RealmFilesTest {

    static final Path REPO =
            Path.of(System.getProperty("border.repo", "..")).toAbsolutePath().normalize();

    static JsonObject realm(String code) throws IOException {
        return new JsonObject(Files.readString(Suite.realmFile(REPO, code)));
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
            JsonObject realm = realm(code);
            assertEquals("border-" + code, realm.getString("realm"));
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
        for (String code : Suite.JURISDICTIONS) {
            JsonObject relay = client(realm(code), Suite.RELAY_CLIENT);
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
            assertEquals(
                    "${BORDER_RELAY_SECRET_" + code + ":demo-relay-secret-" + code + "}", relay.getString("secret"));
        }
    }

    @Test
    void theConsoleIsPublicWithPkceAndOneAudiencePerToken() throws IOException {
        for (String code : Suite.JURISDICTIONS) {
            JsonObject console = client(realm(code), Suite.CONSOLE_CLIENT);
            assertTrue(console.getBoolean("publicClient"), code);
            assertFalse(console.getBoolean("serviceAccountsEnabled"), code);
            assertFalse(console.getBoolean("implicitFlowEnabled"), code);
            assertEquals("S256", console.getJsonObject("attributes").getString("pkce.code.challenge.method"));
            assertEquals(audiences(Suite.JURISDICTIONS), strings(console.getJsonArray("optionalClientScopes")));
            assertEquals(Set.of("basic", "border-claims"), strings(console.getJsonArray("defaultClientScopes")));
        }
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
