package org.borderpolice.federation.search;

import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.boot.model.FunctionContributor;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;

/**
 * PostgreSQL operators the services' HQL needs, as functions Hibernate knows (found through
 * META-INF/services). The parameter comes first on purpose: Hibernate lets the last argument
 * of a function be a list ({@code f(x, :list)} expands the list), and a query with a
 * parameter that may be a list is translated to SQL again on every call instead of once.
 * Registered for every service with Hibernate ORM by federation's META-INF/services; a service
 * without it never loads this class.
 */
public class QueryFunctions implements FunctionContributor {

    @Override
    public void contributeFunctions(FunctionContributions functions) {
        BasicType<Boolean> bool =
                functions.getTypeConfiguration().getBasicTypeRegistry().resolve(StandardBasicTypes.BOOLEAN);
        // tsquery_matches(query text, tsvector): the words of a ChineseText.tsquery, config "simple".
        // The SQL function text_matches (V3) that earlier versions call stays until none of them
        // runs any more: replicas of the old and the new version share a database during a rollout.
        functions.getFunctionRegistry().registerPattern("tsquery_matches", "(?2 @@ to_tsquery('simple', ?1))", bool);
        // array_holds(array parameter, value): "in" for any number of values with one parameter,
        // written as "= ANY" so that an index on the value serves it
        functions.getFunctionRegistry().registerPattern("array_holds", "(?2 = any(?1))", bool);
        // in_codes(value, text[] column): the column holds the value, written as "@>", which a GIN
        // index holding the column serves (case-exchange's viewers, V123, beside the words in its
        // text indexes); coalesce the column with itself to test it on each row instead
        functions.getFunctionRegistry().registerPattern("in_codes", "(?2 @> array[cast(?1 as text)])", bool);
        // facet samples (FacetCounter): the words tested on each sampled row, never through the
        // text index (the index is on the column, not on this expression) ...
        functions
                .getFunctionRegistry()
                .registerPattern(
                        FacetCounter.Sample.TEXT_MATCH,
                        "(coalesce(?2, ''::tsvector) @@ to_tsquery('simple', ?1))",
                        bool);
        // ... and the sample bucket of a row's id: 16 bits of its hash, the expression of the
        // services' sample indexes (exactly this, or PostgreSQL does not use them)
        functions
                .getFunctionRegistry()
                .registerPattern(
                        "sample_bucket",
                        "(uuid_hash(?1) & " + (FacetCounter.BUCKETS - 1) + ")",
                        functions.getTypeConfiguration().getBasicTypeRegistry().resolve(StandardBasicTypes.INTEGER));
    }
}
