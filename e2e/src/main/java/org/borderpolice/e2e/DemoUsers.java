package org.borderpolice.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The demo users of the demo realm files (deploy/keycloak/realms-demo/&lt;code&gt;.json), read from the
 * files themselves: one per role and jurisdiction, named after its unit. The same people sign in
 * with the development keys (tokens signed here with their claims).
 */
public final class DemoUsers {

    /** A demo user: its realm's jurisdiction, user name, unit and its one role. */
    public record User(String jurisdiction, String username, String unit, String role, String name) {}

    private DemoUsers() {}

    /** The people of this jurisdiction's realm file (not its service accounts). */
    public static List<User> of(Path repo, String code) {
        try {
            JsonObject realm = new JsonObject(Files.readString(Suite.realmFile(repo, code)));
            List<User> users = new ArrayList<>();
            for (Object o : realm.getJsonArray("users", new JsonArray())) {
                JsonObject user = (JsonObject) o;
                if (user.containsKey("serviceAccountClientId")) {
                    continue;
                }
                JsonObject attributes = user.getJsonObject("attributes", new JsonObject());
                users.add(new User(
                        attributes.getJsonArray("jurisdiction").getString(0),
                        user.getString("username"),
                        attributes.getJsonArray("unit").getString(0),
                        user.getJsonArray("realmRoles").getString(0),
                        user.getString("lastName", "") + user.getString("firstName", "")));
            }
            return users;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo user of this jurisdiction with this role. */
    public static User withRole(Path repo, String code, String role) {
        return of(repo, code).stream()
                .filter(u -> u.role().equals(role))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo " + role + " in the realm of " + code));
    }
}
