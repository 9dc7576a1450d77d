package org.borderpolice.intel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** REST goes through services: the visibility rule lives in queries the services call. */
@AnalyzeClasses(packages = "org.borderpolice.intel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule restDoesNotReachRepositories = noClasses().that().resideInAPackage("..intel.rest..")
            .should().dependOnClassesThat().resideInAPackage("..intel.repository..");

    @ArchTest
    static final ArchRule domainDependsOnNoLayer = noClasses().that().resideInAPackage("org.borderpolice.intel")
            .should().dependOnClassesThat().resideInAnyPackage("..intel.rest..", "..intel.service..",
                    "..intel.repository..", "..intel.mapping..");
}
