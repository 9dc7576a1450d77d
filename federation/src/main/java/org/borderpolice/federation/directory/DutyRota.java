package org.borderpolice.federation.directory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who answers the 24-hour phone now (快速反应机制): per unit, the shift whose window holds the
 * instant (from inclusive, to exclusive); when shifts overlap (a handover), the one that started
 * last, then the one entered last.
 */
public final class DutyRota {

    private DutyRota() {}

    /** A shift as the rota sees it. */
    public record Shift<T>(UUID unit, Instant from, Instant to, Instant enteredAt, T shift) {}

    /** The shift on duty at {@code at} for each unit that has one, in unit order of first appearance. */
    public static <T> List<T> onDuty(List<Shift<T>> shifts, Instant at) {
        Map<UUID, Shift<T>> now = new LinkedHashMap<>();
        Comparator<Shift<T>> later =
                Comparator.<Shift<T>, Instant>comparing(Shift::from).thenComparing(Shift::enteredAt);
        for (Shift<T> s : shifts) {
            if (s.from().isAfter(at) || !s.to().isAfter(at)) {
                continue;
            }
            now.merge(s.unit(), s, (a, b) -> later.compare(b, a) > 0 ? b : a);
        }
        return now.values().stream().map(Shift::shift).toList();
    }

    /** Why a shift's window is no window, or null. */
    public static String windowProblem(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        if (!to.isAfter(from)) {
            return "must end after it starts";
        }
        if (to.isAfter(from.plus(java.time.Duration.ofDays(31)))) {
            return "must not be longer than 31 days";
        }
        return null;
    }
}
