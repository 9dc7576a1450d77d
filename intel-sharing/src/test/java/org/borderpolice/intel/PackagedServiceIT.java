package org.borderpolice.intel;

import org.borderpolice.federation.testing.PackagedServiceContract;

/** intel-sharing started from its quarkus-run.jar against a real PostgreSQL. */
class PackagedServiceIT extends PackagedServiceContract {

    @Override
    protected String serviceName() {
        return "intel-sharing";
    }
}
