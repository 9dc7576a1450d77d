package org.borderpolice.mediation;

import org.borderpolice.federation.testing.PackagedServiceContract;

/** joint-mediation started from its quarkus-run.jar against a real PostgreSQL. */
class PackagedServiceIT extends PackagedServiceContract {

    @Override
    protected String serviceName() {
        return "joint-mediation";
    }
}
