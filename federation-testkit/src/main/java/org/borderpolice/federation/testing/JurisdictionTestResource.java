package org.borderpolice.federation.testing;

import static org.borderpolice.federation.testing.TestFederation.GUANGFENG;
import static org.borderpolice.federation.testing.TestFederation.JIANGSHAN;
import static org.borderpolice.federation.testing.TestFederation.PUCHENG;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The fast test tier: the service under test, in the test's JVM ({@code @QuarkusTest}), as
 * Jiangshan (330881) of a {@link TestFederation} with Pucheng (350722) and Guangfeng (361103) as
 * partners, on a fresh database of the embedded {@link PostgresServer} (started once per JVM).
 * The settings are those a {@link JurisdictionProcess} of the federation gets (trust list,
 * identity, audit and blind-index keys, the two database roles); the partners do not run, so
 * deliveries to them wait in the outbox. A test signs users' and partners' tokens with
 * {@link #issuer(String)} and delivers partners' events with a {@link ReplicationClient} on
 * {@link #port()}.
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(value = JurisdictionTestResource.class,
 *         initArgs = { &#64;ResourceArg(name = "service", value = "intel-sharing"),
 *                 &#64;ResourceArg(name = "categories", value = "intel") })
 * </pre>
 *
 * Every test class of a module names the same resource and arguments, so Quarkus starts the
 * application once for all of them.
 *
 * <p>More partners: {@code @ResourceArg(name = "more-partners", value = "350781")} (comma-separated
 * codes, with issuers like the others'); the categories one partner is granted instead of
 * {@code categories}: {@code @ResourceArg(name = "categories.350781", value = "intel")} (empty: none),
 * for tests of what a partner outside the agreement's category may not receive or read.
 */
public class JurisdictionTestResource implements QuarkusTestResourceLifecycleManager {

    /** The jurisdiction the application under test is. */
    public static final String SELF = JIANGSHAN;
    /** Its partners, in the trust list, never running. */
    public static final List<String> PARTNERS = List.of(PUCHENG, GUANGFENG);

    private static final String KEYS = "testkit.federation.";

    private String service;
    private String categories;
    private final List<String> members = new java.util.ArrayList<>(List.of(JIANGSHAN, PUCHENG, GUANGFENG));
    private final Map<String, String> partnerCategories = new LinkedHashMap<>();

    @Override
    public void init(Map<String, String> args) {
        service = args.get("service");
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("name the service under test: @ResourceArg(name = \"service\", ...)");
        }
        categories = args.getOrDefault("categories", "");
        for (String code : args.getOrDefault("more-partners", "").split(",")) {
            if (!code.isBlank() && !members.contains(code.strip())) {
                members.add(code.strip());
            }
        }
        args.forEach((name, value) -> {
            if (name.startsWith("categories.")) {
                partnerCategories.put(name.substring("categories.".length()), value == null ? "" : value);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        TestFederation federation = new TestFederation(service, categories, members.toArray(String[]::new));
        partnerCategories.forEach(federation::categories);
        Map<String, String> p = new LinkedHashMap<>(federation.configFor(SELF));
        // the test's ports, free ones (several builds may run on one machine)
        p.remove("quarkus.http.port");
        p.remove("quarkus.management.port");
        p.put("quarkus.http.test-port", "0");
        p.put("quarkus.management.test-port", "0");
        // the issuers' keys, for the test to sign users' and partners' tokens (not read by the service)
        for (String code : members) {
            TestIssuer issuer = federation.issuer(code);
            p.put(KEYS + code + ".issuer", issuer.issuer());
            p.put(KEYS + code + ".private-key", issuer.privateKeyPem());
            p.put(KEYS + code + ".public-key", issuer.publicKeyPem());
        }
        p.put(KEYS + "blind-index-key", federation.blindIndexKey(1));
        return p;
    }

    @Override
    public void stop() {
        // the database goes with the embedded server at the end of the JVM
    }

    /** The identity provider of this member of the federation (SELF or a partner), from the test's settings. */
    public static TestIssuer issuer(String code) {
        Config config = ConfigProvider.getConfig();
        return TestIssuer.withKeys(
                code,
                config.getValue(KEYS + code + ".issuer", String.class),
                config.getValue(KEYS + code + ".private-key", String.class),
                config.getValue(KEYS + code + ".public-key", String.class));
    }

    /** The agreement's blind-index key (version 1) the application holds. */
    public static String blindIndexKey() {
        return ConfigProvider.getConfig().getValue(KEYS + "blind-index-key", String.class);
    }

    /** The port the application listens on, HTTP and gRPC (one server). */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
