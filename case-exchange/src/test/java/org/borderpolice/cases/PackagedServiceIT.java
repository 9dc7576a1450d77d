package org.borderpolice.cases;

import org.borderpolice.federation.testing.PackagedServiceContract;

/** case-exchange started from its quarkus-run.jar against a real PostgreSQL. */
class PackagedServiceIT extends PackagedServiceContract {

    @Override
    protected String serviceName() {
        return "case-exchange";
    }
}
