package org.borderpolice.federation.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facet counts (分面统计) of a search: the matches per combination of facet values, exact or
 * estimated from a sample.
 *
 * @param groups the facet values of each combination that has matches (in the order the query
 *     selects them) and its count; estimated counts are the sampled count times the sample's scale
 * @param approximate counted from a sample of the table and scaled (约): more matches than the
 *     exact limit were expected
 * @param matches the number of matches: exact, or the sample's estimate
 * @param counted the matches actually counted: all of them when exact, the sample's otherwise
 */
public record FacetCounts(List<Group> groups, boolean approximate, long matches, long counted) {

    /** One combination of facet values and its (possibly estimated) count. */
    public record Group(List<String> values, long count) {}

    public FacetCounts {
        groups = List.copyOf(groups);
    }

    /**
     * The counts per value of one facet (the {@code index}-th value of each group), largest
     * first, ties by value, so that facets read the same on every call.
     */
    public Map<String, Long> facet(int index) {
        Map<String, Long> counts = new LinkedHashMap<>();
        groups.forEach(g -> counts.merge(g.values().get(index), g.count(), Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** No matches (e.g. a caller whose roles open no record): exact and empty. */
    public static FacetCounts none() {
        return new FacetCounts(List.of(), false, 0, 0);
    }
}
