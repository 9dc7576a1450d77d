package org.borderpolice.cases;

import org.borderpolice.federation.testing.PackagedServiceContract;

/** case-exchange started from its quarkus-run.jar against a real PostgreSQL. */
class PackagedServiceIT extends PackagedServiceContract {

    @Override
    protected String serviceName() {
        return "case-exchange";
    }

    /** Uploads of evidence files go up to 25 MB (application.properties). */
    @Override
    protected int maxBodySize() {
        return 26 * 1024 * 1024;
    }
}
