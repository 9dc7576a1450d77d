package org.borderpolice.intel;

import org.borderpolice.federation.testing.ServiceArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape every service has (federation-testkit {@link ServiceArchitecture}): the rules this
 * service keeps today. Still to enable, once the service layer throws federation's neutral
 * exceptions and takes no REST types (issue 22, item 3), by replacing the fields below with
 * {@code @ArchTest static final ArchTests serviceShape = ArchTests.in(ServiceArchitecture.class)}:
 * serviceDoesNotUseRestTypes (AlertService takes rest.AlertRequest), serviceThrowsNoJaxRsExceptions
 * (NotFoundException/BadRequestException/WebApplicationException in AlertService,
 * AcknowledgementService, SightingService, DisclosureService, PartnerContributions, HitChecks),
 * serviceThrowsNoGrpcExceptions (Status.asRuntimeException in HitChecks),
 * mappingDoesNotDependOnRest (AlertMapper.toView builds rest.AlertView).
 */
@AnalyzeClasses(packages = "org.borderpolice.intel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule restDoesNotReachRepository = ServiceArchitecture.restDoesNotReachRepository;

    @ArchTest
    static final ArchRule entitiesCallNoInfrastructure = ServiceArchitecture.entitiesCallNoInfrastructure;

    @ArchTest
    static final ArchRule entitiesDependOnNoLayer = ServiceArchitecture.entitiesDependOnNoLayer;

    @ArchTest
    static final ArchRule appliersResideInService = ServiceArchitecture.appliersResideInService;
}
