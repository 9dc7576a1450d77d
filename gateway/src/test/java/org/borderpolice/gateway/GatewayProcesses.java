package org.borderpolice.gateway;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.borderpolice.federation.testing.JurisdictionProcess;
import org.borderpolice.federation.testing.TestFederation;
import org.borderpolice.federation.testing.TestIssuer;

/**
 * The packaged gateway of Jiangshan as a process, with the trust list and nothing else: no
 * database settings at all (none exists for it).
 */
final class GatewayProcesses {

    static final String JIANGSHAN = TestFederation.JIANGSHAN;
    static final String PUCHENG = TestFederation.PUCHENG;
    static final String GUANGFENG = TestFederation.GUANGFENG;

    private GatewayProcesses() {}

    /** Jiangshan's trust list: its own issuer and Pucheng's (inline keys), plus these settings. */
    static Map<String, String> settings(TestIssuer own, TestIssuer pucheng) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", String.valueOf(TestFederation.freePort()));
        p.put("quarkus.management.port", String.valueOf(TestFederation.freePort()));
        p.put("border.federation.service", "gateway");
        p.put("border.federation.jurisdiction.code", JIANGSHAN);
        p.put("border.federation.jurisdiction.name", "江山市公安局");
        p.put("border.federation.jurisdiction.issuer", own.issuer());
        p.put("border.federation.jurisdiction.public-key", own.publicKeyPem());
        p.put("border.federation.partners." + PUCHENG + ".name", "浦城县公安局");
        p.put("border.federation.partners." + PUCHENG + ".issuer", pucheng.issuer());
        p.put("border.federation.partners." + PUCHENG + ".public-key", pucheng.publicKeyPem());
        p.put("border.federation.partners." + PUCHENG + ".categories", "intel");
        return p;
    }

    static JurisdictionProcess process(String name, Map<String, String> settings) {
        Path app = JurisdictionProcess.packagedApplication();
        return new JurisdictionProcess(name, app, Integer.parseInt(settings.get("quarkus.http.port")), settings);
    }
}
