package org.borderpolice.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which service answers a request path: the longest configured prefix that is the path itself
 * or a parent of it ({@code /api/v1/cases} takes {@code /api/v1/cases} and
 * {@code /api/v1/cases/x}, not {@code /api/v1/cases-x}); and {@code /api/v1/services/<name>/...},
 * a service's own {@code /api/v1/...} (the endpoints every service has under the same path: its
 * federation transfers and outbox, its audit chain).
 */
public final class Routes {

    /** The prefix that names a service explicitly. */
    public static final String SERVICES = "/api/v1/services/";

    private static final String API = "/api/v1/";

    /** Where a request goes: the service and the path it has there. */
    public record Target(String service, String path) {}

    private record Prefix(String prefix, String service) {}

    private final List<Prefix> prefixes;
    private final Set<String> services;

    public Routes(Map<String, List<String>> prefixesByService) {
        List<Prefix> all = new ArrayList<>();
        prefixesByService.forEach((service, list) -> {
            for (String prefix : list) {
                String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
                if (!p.startsWith(API) || p.startsWith(SERVICES)) {
                    throw new IllegalArgumentException("route prefix " + prefix + " of " + service + " must lie under "
                            + API + " and not under " + SERVICES);
                }
                all.add(new Prefix(p, service));
            }
        });
        all.sort(Comparator.comparingInt((Prefix p) -> p.prefix().length()).reversed());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(i).prefix().equals(all.get(j).prefix())) {
                    throw new IllegalArgumentException("route prefix "
                            + all.get(i).prefix() + " given to both "
                            + all.get(i).service() + " and " + all.get(j).service());
                }
            }
        }
        this.prefixes = List.copyOf(all);
        this.services = Set.copyOf(prefixesByService.keySet());
    }

    /** The target of a raw request path, or null when no service answers it. */
    public Target match(String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith(SERVICES)) {
            String rest = path.substring(SERVICES.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                return null;
            }
            String service = rest.substring(0, slash);
            return services.contains(service) ? new Target(service, API + rest.substring(slash + 1)) : null;
        }
        for (Prefix prefix : prefixes) {
            if (path.startsWith(prefix.prefix())
                    && (path.length() == prefix.prefix().length()
                            || path.charAt(prefix.prefix().length()) == '/')) {
                return new Target(prefix.service(), path);
            }
        }
        return null;
    }

    /** The service whose prefixes hold this path (for the merged OpenAPI document), or null. */
    public String owner(String path) {
        Target target = path.startsWith(SERVICES) ? null : match(path);
        return target == null ? null : target.service();
    }

    /**
     * Whether a raw path could name another path at the service than at the gateway: a dot
     * segment ({@code /api/v1/cases/../federation/outbox}, also percent-encoded) or an encoded
     * slash or backslash, which a service would decode or normalise after the gateway routed.
     */
    public static boolean ambiguous(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
            return true;
        }
        String decodedDots = lower.replace("%2e", ".");
        for (String segment : decodedDots.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return decodedDots.contains("//");
    }
}
