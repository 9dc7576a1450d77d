package org.borderpolice.cases;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Facet counts (分面统计) over every case a search matches that the caller may see, not only one page. */
@Schema(description = "分面统计 Counts per status, category and origin over all matches the caller may see")
public record CaseFacets(Map<String, Long> status, Map<String, Long> category, Map<String, Long> origin) {}
