package org.borderpolice.gateway;

import java.nio.file.Path;
import java.util.Map;

import org.borderpolice.federation.testing.GatewaySettings;
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
        return GatewaySettings.jiangshan(own, pucheng);
    }

    static JurisdictionProcess process(String name, Map<String, String> settings) {
        Path app = JurisdictionProcess.packagedApplication();
        return new JurisdictionProcess(name, app, Integer.parseInt(settings.get("quarkus.http.port")), settings);
    }
}
