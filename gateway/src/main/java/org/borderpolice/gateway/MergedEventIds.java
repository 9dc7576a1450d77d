package org.borderpolice.gateway;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The event id of the gateway's merged notification stream: each service's last id,
 * {@code case-exchange:7.intel-sharing:12.joint-mediation:3} (by service name, in name order), so
 * that a client resuming with it as Last-Event-ID resumes every service where it left it. A
 * service not named in it (it had sent nothing yet) starts with new notifications only.
 */
public final class MergedEventIds {

    private static final Pattern PART = Pattern.compile("([a-z][a-z0-9-]{0,62}):([0-9]{1,18})");
    /** Longest merged id taken (a few services' parts). */
    static final int MAX_LENGTH = 1024;

    private MergedEventIds() {}

    /**
     * Each service's id in {@code text}, only the services the gateway knows.
     *
     * @throws IllegalArgumentException when it is not such an id
     */
    public static Map<String, Long> parse(String text, Set<String> services) {
        Map<String, Long> ids = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return ids;
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        for (String part : text.strip().split("\\.", -1)) {
            var m = PART.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("\"" + part + "\" is not <service>:<id>");
            }
            if (services.contains(m.group(1))) {
                ids.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return ids;
    }

    /** The merged id of these services' ids. */
    public static String format(Map<String, Long> ids) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(ids).forEach((service, id) -> {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(service).append(':').append(id);
        });
        return b.toString();
    }
}
