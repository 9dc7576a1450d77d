package org.borderpolice.intel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * REST goes through services: the visibility rule lives in queries the services call. Services
 * know neither REST nor gRPC: they raise the neutral problems of federation's {@code problem}
 * package, which each channel maps once. (The shared test kit carries these rules for every
 * service; they are here until it does.)
 */
@AnalyzeClasses(packages = "org.borderpolice.intel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule restDoesNotReachRepositories = noClasses().that().resideInAPackage("..intel.rest..")
            .should().dependOnClassesThat().resideInAPackage("..intel.repository..");

    @ArchTest
    static final ArchRule domainDependsOnNoLayer = noClasses().that().resideInAPackage("org.borderpolice.intel")
            .should().dependOnClassesThat().resideInAnyPackage("..intel.rest..", "..intel.service..",
                    "..intel.repository..", "..intel.mapping..");

    @ArchTest
    static final ArchRule servicesKnowNoRestTypes = noClasses().that().resideInAPackage("..intel.service..")
            .should().dependOnClassesThat().resideInAnyPackage("..intel.rest..", "jakarta.ws.rs..");

    @ArchTest
    static final ArchRule servicesRaiseNoGrpcStatus = noClasses().that().resideInAPackage("..intel.service..")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.grpc.StatusRuntimeException")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.grpc.StatusException");

    @ArchTest
    static final ArchRule mappingDoesNotReachRest = noClasses().that().resideInAPackage("..intel.mapping..")
            .should().dependOnClassesThat().resideInAPackage("..intel.rest..");

    @ArchTest
    static final ArchRule entitiesCallNoInfrastructure = noClasses().that().resideInAPackage("org.borderpolice.intel")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.grpc..", "jakarta.inject..",
                    "jakarta.enterprise..", "io.quarkus.narayana..", "javax.sql..", "java.sql..", "io.agroal..",
                    "org.borderpolice.federation.outbox..", "org.borderpolice.federation.audit..");
}
