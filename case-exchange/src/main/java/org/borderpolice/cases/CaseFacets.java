package org.borderpolice.cases;

import java.util.Map;

import org.borderpolice.federation.search.FacetCounts;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Facet counts (分面统计) over every case a search matches that the caller may see, not only one
 * page: exact up to {@code border.search.facets.exact-up-to} matches ({@code partner-exact-up-to} for a
 * partner's user), estimated from a sample above.
 */
@Schema(
        description = "分面统计 Counts per status, category and origin over all matches the caller may see; exact up to "
                + "a limit of matches (border.search.facets.exact-up-to, 2,000 here; for a user of a partner "
                + "jurisdiction border.search.facets.partner-exact-up-to, 1,000 here), above it estimated from a "
                + "sample of the cases and marked approximate (约, approximate: true): at 100,000 cases from at "
                + "least 63 sampled matches, about ±13 % (a partner's user: at least 32, about ±18 %)")
public record CaseFacets(
        @Schema(description = "按状态 Matches per status, largest first")
        Map<String, Long> status,

        @Schema(description = "按类别 Matches per category, largest first")
        Map<String, Long> category,

        @Schema(description = "按发起辖区 Matches per originating jurisdiction, largest first")
        Map<String, Long> origin,

        @Schema(
                description = "约数 true: the counts are estimates (sampled matches times the sample's scale, "
                        + "off by about 1/√(sampled count)); a value absent from the sample is absent here; "
                        + "false: exact")
        boolean approximate,

        @Schema(description = "匹配总数 Matches in all: exact, or the estimate when approximate")
        long matches,

        @Schema(description = "实际计数 Matches actually counted: all of them when exact, the sample's when approximate")
        long counted) {

    public static CaseFacets of(FacetCounts counts) {
        return new CaseFacets(
                counts.facet(0),
                counts.facet(1),
                counts.facet(2),
                counts.approximate(),
                counts.matches(),
                counts.counted());
    }
}
