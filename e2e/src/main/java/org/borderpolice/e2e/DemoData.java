package org.borderpolice.e2e;

/**
 * The demo data of the seeds, loaded through the gateways with the demo users' tokens (flag
 * --demo-data of the local federation). What it loads so far: alerts drawn from the seeds, and the
 * 江山–浦城–广丰 agreement's telecom-fraud alert acknowledged by Pucheng and Guangfeng. Still to come: the cross-province cigarette-smuggling case with assistance
 * requests and a transfer, the telecom-fraud alert with acknowledgements, the land-boundary
 * dispute mediated at the 三山 centre.
 */
public final class DemoData {

    private final Suite suite;

    public DemoData(Suite suite) {
        this.suite = suite;
    }

    /** Load everything; fails (an exception naming the request) on any answer that is not the expected one. */
    public void load() {
        SeedAlerts.publish(suite);
        SeedAlerts.fraudAlertAcknowledged(suite, java.time.Duration.ofMinutes(2));
    }
}
