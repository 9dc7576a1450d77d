package org.borderpolice.federation.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of Jiangshan's packaged gateway as a process: a port, its trust list (its own
 * issuer and Pucheng's, inline keys) and nothing else, no database settings at all (none exists
 * for it). The caller adds the addresses of the services behind it
 * ({@code border.gateway.services.<service>.url}).
 */
public final class GatewaySettings {

    private GatewaySettings() {}

    /** Jiangshan's gateway trusting its own issuer and Pucheng's. */
    public static Map<String, String> jiangshan(TestIssuer own, TestIssuer pucheng) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", String.valueOf(TestFederation.freePort()));
        p.put("quarkus.management.port", String.valueOf(TestFederation.freePort()));
        p.put("border.federation.service", "gateway");
        p.put("border.federation.jurisdiction.code", TestFederation.JIANGSHAN);
        p.put("border.federation.jurisdiction.name", "江山市公安局");
        p.put("border.federation.jurisdiction.issuer", own.issuer());
        p.put("border.federation.jurisdiction.public-key", own.publicKeyPem());
        String partner = "border.federation.partners." + TestFederation.PUCHENG;
        p.put(partner + ".name", "浦城县公安局");
        p.put(partner + ".issuer", pucheng.issuer());
        p.put(partner + ".public-key", pucheng.publicKeyPem());
        p.put(partner + ".categories", "intel");
        return p;
    }
}
