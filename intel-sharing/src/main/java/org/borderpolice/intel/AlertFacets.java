package org.borderpolice.intel;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Facet counts (分面统计) over every alert matching a query, not only one page. */
@Schema(description = "分面统计 Counts per severity, category and origin over all matches")
public record AlertFacets(Map<String, Long> severity, Map<String, Long> category, Map<String, Long> origin) {}
