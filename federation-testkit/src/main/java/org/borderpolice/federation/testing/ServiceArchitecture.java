package org.borderpolice.federation.testing;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.borderpolice.federation.inbox.RecordApplier;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape every service has, as ArchUnit rules. A service applies all of them with one test
 * class:
 *
 * <pre>
 * &#64;AnalyzeClasses(packages = "org.borderpolice.cases", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     &#64;ArchTest
 *     static final ArchTests shape = ArchTests.in(ServiceArchitecture.class);
 * }
 * </pre>
 *
 * <p>A service lives in {@code org.borderpolice.<service>}: its entities and value types in that
 * root package, and beside them {@code rest} (resources and their request/response types),
 * {@code service} (rules and transactions, the inbox's appliers included), {@code repository}
 * (queries), {@code mapping} (between entities, protos and views) and {@code grpc} (gRPC
 * endpoints). A rule about a package that a service does not have yet passes (a new service
 * starts empty).
 */
public final class ServiceArchitecture {

    private ServiceArchitecture() {}

    /** Classes directly in a service's root package, {@code org.borderpolice.<service>}: entities and values. */
    static final DescribedPredicate<JavaClass> ENTITIES = DescribedPredicate.describe(
            "reside in the service's root package (org.borderpolice.<service>)",
            c -> c.getPackageName().matches("org\\.borderpolice\\.[^.]+"));

    /** What an entity must not call: the database, the network, HTTP, the container. */
    static final DescribedPredicate<JavaClass> INFRASTRUCTURE = resideInAnyPackage(
                    "java.sql..",
                    "javax.sql..",
                    "io.agroal..",
                    "io.grpc..",
                    "jakarta.ws.rs..",
                    "jakarta.inject..",
                    "jakarta.enterprise..")
            .or(assignableTo("jakarta.persistence.EntityManager"))
            .or(assignableTo("jakarta.persistence.EntityManagerFactory"))
            .or(assignableTo("org.hibernate.SharedSessionContract"))
            .as("are infrastructure (JDBC, EntityManager, Hibernate sessions, gRPC, JAX-RS, CDI)");

    /** The visibility rules live in the queries the services call: REST goes through a service. */
    @ArchTest
    public static final ArchRule restDoesNotReachRepository = noClasses()
            .that()
            .resideInAPackage("..rest..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..repository..")
            .allowEmptyShould(true);

    /** Services serve REST, gRPC and the inbox alike: they know none of REST's types. */
    @ArchTest
    public static final ArchRule serviceDoesNotUseRestTypes = noClasses()
            .that()
            .resideInAPackage("..service..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..rest..")
            .allowEmptyShould(true);

    /**
     * A service says what went wrong with federation's neutral exceptions; the REST and gRPC
     * layers map them once. Catching a partner's gRPC status (a call it makes) is allowed.
     */
    @ArchTest
    public static final ArchRule serviceThrowsNoJaxRsExceptions = noClasses()
            .that()
            .resideInAPackage("..service..")
            .should()
            .callConstructorWhere(target(owner(assignableTo("jakarta.ws.rs.WebApplicationException"))))
            .as("no classes that reside in '..service..' should throw JAX-RS exceptions (WebApplicationException and "
                    + "its subclasses)")
            .allowEmptyShould(true);

    @ArchTest
    public static final ArchRule serviceThrowsNoGrpcExceptions = noClasses()
            .that()
            .resideInAPackage("..service..")
            .should()
            .callConstructorWhere(target(
                    owner(assignableTo("io.grpc.StatusRuntimeException").or(assignableTo("io.grpc.StatusException")))))
            .orShould()
            .callMethodWhere(target(owner(type(io.grpc.Status.class)))
                    .and(target(nameMatching("asRuntimeException|asException"))))
            .as("no classes that reside in '..service..' should throw gRPC exceptions (StatusRuntimeException, "
                    + "StatusException, Status.asRuntimeException/asException)")
            .allowEmptyShould(true);

    /** Mapping turns entities and protos into each other; REST views are REST's. */
    @ArchTest
    public static final ArchRule mappingDoesNotDependOnRest = noClasses()
            .that()
            .resideInAPackage("..mapping..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..rest..")
            .allowEmptyShould(true);

    /** Entities hold state and its rules; they do not reach the database, the network or the container. */
    @ArchTest
    public static final ArchRule entitiesCallNoInfrastructure = noClasses()
            .that(ENTITIES)
            .should()
            .dependOnClassesThat(INFRASTRUCTURE)
            .allowEmptyShould(true);

    /** Entities are what the layers use, not the other way round. */
    @ArchTest
    public static final ArchRule entitiesDependOnNoLayer = noClasses()
            .that(ENTITIES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..rest..", "..service..", "..repository..", "..mapping..", "..grpc..")
            .allowEmptyShould(true);

    /**
     * One home for the inbox's appliers: {@code service}, beside the rules they apply to
     * partners' changes (the same rules the service's own writes follow).
     */
    @ArchTest
    public static final ArchRule appliersResideInService = classes()
            .that()
            .areAssignableTo(RecordApplier.class)
            .and()
            .areNotInterfaces()
            .should()
            .resideInAPackage("..service..")
            .allowEmptyShould(true);
}
