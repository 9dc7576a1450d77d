package org.borderpolice.intel.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.borderpolice.federation.search.FacetCounter;
import org.borderpolice.federation.search.QueryFunctions;
import org.borderpolice.intel.Alert;
import org.borderpolice.intel.AlertCategory;
import org.borderpolice.intel.AlertFilter;
import org.borderpolice.intel.AlertStatus;
import org.borderpolice.intel.Severity;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.sqm.tree.expression.SqmParameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate caches a query's SQL translation only if none of its parameters may take a list
 * ("in :list", or the last argument of a function); otherwise it translates the whole query on
 * every call, which was a quarter of a hit/no-hit check's CPU. Our queries' parameters must all
 * be single-valued. Hibernate's own HQL translator, with our functions and entities, no database.
 */
class QueryTranslationCacheTest {

    static SessionFactoryImplementor hibernate;

    @BeforeAll
    static void start() {
        var registry = new StandardServiceRegistryBuilder()
                .applySetting("hibernate.dialect", "org.hibernate.dialect.PostgreSQLDialect")
                .applySetting("hibernate.boot.allow_jdbc_metadata_access", "false")
                .build();
        hibernate = (SessionFactoryImplementor) new MetadataSources(registry)
                .addAnnotatedClass(Alert.class)
                .getMetadataBuilder()
                .applyFunctions(new QueryFunctions())
                .build()
                .buildSessionFactory();
    }

    @AfterAll
    static void stop() {
        hibernate.close();
    }

    static List<String> listParameters(String hql) {
        return hibernate.getQueryEngine().getHqlTranslator().translate(hql, Object.class).getSqmParameters().stream()
                .filter(SqmParameter::allowMultiValuedBinding)
                .map(SqmParameter::getName)
                .toList();
    }

    @Test
    void hitCheckMatchesHaveNoListParameter() {
        assertEquals(List.of(), listParameters(AlertHitRepository.HITTABLE));
        assertEquals(List.of(), listParameters(AlertHitRepository.OWN_HITTABLE));
    }

    @Test
    void searchesWithEveryFilterHaveNoListParameter() {
        AlertFilter every = new AlertFilter(
                "走私 张三丰", Severity.RED, AlertCategory.SMUGGLING, "330881", AlertStatus.ACTIVE, Instant.now(), "浙H");
        String clause = AlertRepository.where(every, Instant.now()).clause();
        assertEquals(List.of(), listParameters("select a from Alert a where " + clause));
    }

    @Test
    void facetSamplesHaveNoListParameter() {
        AlertFilter every = new AlertFilter(
                "走私 张三丰", Severity.RED, AlertCategory.SMUGGLING, "330881", AlertStatus.ACTIVE, Instant.now(), "浙H");
        String clause = AlertRepository.where(every, Instant.now(), true).clause();
        assertEquals(
                List.of(),
                listParameters("select a.severity, count(a) from Alert a where " + clause + " and "
                        + FacetCounter.Sample.predicate("a.id") + " group by a.severity"));
    }

    @Test
    void theCheckSeesAListParameterWhereThereIsOne() {
        // the check itself can fail: the form we replaced is reported
        assertEquals(List.of("ids"), listParameters("select a.id from Alert a where a.id in :ids"));
    }
}
