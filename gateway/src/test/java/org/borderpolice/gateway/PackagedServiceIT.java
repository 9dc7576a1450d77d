package org.borderpolice.gateway;

import org.borderpolice.federation.testing.PackagedServiceContract;

/** gateway started from its quarkus-run.jar against a real PostgreSQL. */
class PackagedServiceIT extends PackagedServiceContract {

    @Override
    protected String serviceName() {
        return "gateway";
    }

    @Override
    protected boolean receivesReplicas() {
        return false;
    }
}
