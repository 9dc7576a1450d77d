package org.borderpolice.gateway;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code X-Request-Id} a request carries through the gateway to the service and back: the
 * caller's if it is a plausible identifier (1-128 of letters, digits and {@code . _ : -}, what
 * proxies and tracing systems generate), a new UUID otherwise, so that nothing a caller sends can
 * forge log lines or headers.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** The caller's id if valid, else a new one. */
    public static String of(String given) {
        return given != null && VALID.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
    }
}
