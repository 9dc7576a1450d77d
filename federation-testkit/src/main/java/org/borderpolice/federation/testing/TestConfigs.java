package org.borderpolice.federation.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.borderpolice.federation.config.FederationConfig;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The real {@link FederationConfig} mapping built from properties, for tests without a container. */
public final class TestConfigs {

    private TestConfigs() {}

    /** Jiangshan's intel-sharing with Pucheng as its one partner, plus these settings. */
    public static FederationConfig jiangshan(Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(Map.of(
                "border.federation.service", "intel-sharing",
                "border.federation.jurisdiction.code", "330881",
                "border.federation.jurisdiction.name", "江山市公安局",
                "border.federation.jurisdiction.issuer", "https://idp.330881.test/realms/border",
                "border.federation.partners.350722.name", "浦城县公安局",
                "border.federation.partners.350722.issuer", "https://idp.350722.test/realms/border",
                "border.federation.partners.350722.categories", "intel"));
        p.putAll(settings);
        return build(p);
    }

    /** Pucheng's intel-sharing with Jiangshan as its one partner, plus these settings. */
    public static FederationConfig pucheng(Map<String, String> settings) {
        Map<String, String> p = new HashMap<>(Map.of(
                "border.federation.service", "intel-sharing",
                "border.federation.jurisdiction.code", "350722",
                "border.federation.jurisdiction.name", "浦城县公安局",
                "border.federation.jurisdiction.issuer", "https://idp.350722.test/realms/border",
                "border.federation.partners.330881.name", "江山市公安局",
                "border.federation.partners.330881.issuer", "https://idp.330881.test/realms/border",
                "border.federation.partners.330881.categories", "intel"));
        p.putAll(settings);
        return build(p);
    }

    private static FederationConfig build(Map<String, String> p) {
        return new SmallRyeConfigBuilder()
                .withMapping(FederationConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(p, "test", 100))
                .build()
                .getConfigMapping(FederationConfig.class);
    }
}
