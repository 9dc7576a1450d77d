package org.borderpolice.federation.paging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One page of a keyset-paged list as the caller receives it: at most {@code limit} items and the
 * cursor of the next page (null on the last). The query is asked for one row more than the limit,
 * which only tells that there is a next page: it is never shown, so never audited as read.
 */
public record KeysetPage<T>(List<T> items, String next, int limit) {

    /**
     * The page of {@code query}, given how many rows to fetch ({@code limit + 1}); the cursor from
     * the last item kept.
     */
    public static <T> KeysetPage<T> fetch(
            int limit, IntFunction<List<T>> query, Function<T, Instant> at, Function<T, UUID> id) {
        List<T> rows = query.apply(limit + 1);
        return new KeysetPage<>(
                List.copyOf(rows.subList(0, Math.min(limit, rows.size()))),
                KeysetCursor.next(rows, limit, at, id),
                limit);
    }

    public <V> List<V> map(Function<T, V> view) {
        return items.stream().map(view).toList();
    }

    /** What an audit entry of the read says: the limit asked for and every item returned, by {@code name}. */
    public String audited(Function<T, String> name) {
        return "limit=" + limit + " returned=" + items.size() + ": "
                + String.join(" ", items.stream().map(name).toList());
    }
}
