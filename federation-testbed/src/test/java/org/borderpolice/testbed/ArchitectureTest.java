package org.borderpolice.testbed;

import org.borderpolice.federation.testing.ServiceArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape every service has (federation-testkit {@link ServiceArchitecture}), the probe app
 * included. Still to enable, once federation has a neutral not-found exception (issue 22, item
 * 3), by replacing the fields below with
 * {@code @ArchTest static final ArchTests serviceShape = ArchTests.in(ServiceArchitecture.class)}:
 * serviceThrowsNoJaxRsExceptions (ProbeService.lock throws jakarta.ws.rs.NotFoundException).
 */
@AnalyzeClasses(packages = "org.borderpolice.testbed", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule restDoesNotReachRepository = ServiceArchitecture.restDoesNotReachRepository;

    @ArchTest
    static final ArchRule serviceDoesNotUseRestTypes = ServiceArchitecture.serviceDoesNotUseRestTypes;

    @ArchTest
    static final ArchRule serviceThrowsNoGrpcExceptions = ServiceArchitecture.serviceThrowsNoGrpcExceptions;

    @ArchTest
    static final ArchRule mappingDoesNotDependOnRest = ServiceArchitecture.mappingDoesNotDependOnRest;

    @ArchTest
    static final ArchRule entitiesCallNoInfrastructure = ServiceArchitecture.entitiesCallNoInfrastructure;

    @ArchTest
    static final ArchRule entitiesDependOnNoLayer = ServiceArchitecture.entitiesDependOnNoLayer;

    @ArchTest
    static final ArchRule appliersResideInService = ServiceArchitecture.appliersResideInService;
}
