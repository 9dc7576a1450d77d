package org.borderpolice.federation.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits every service applies to a request before routing it, answered with problem+json.
 * The HTTP codec's own limits (quarkus.http.limits.max-initial-line-length, max-header-size)
 * are twice these (64 KiB), so that it is this check that refuses, with a body, up to there; a
 * request line or header block past the codec's limit gets Vert.x's bare 414/431.
 */
@ConfigMapping(prefix = "border.http")
public interface HttpInputConfig {

    /** Longest request target (path and query) in characters; 414 above. 500 ids of a STIX export need 20,000. */
    @WithDefault("32768")
    int maxUriLength();

    /** Largest header block (names, values, separators) in bytes; 431 above. */
    @WithDefault("32768")
    int maxHeaderSize();

    /**
     * Largest request body in bytes on every path but {@link #uploadPaths()}; 413 above (also
     * for a body without Content-Length, counted as it is read). A service that takes uploads
     * raises quarkus.http.limits.max-body-size for them and keeps every other route at this.
     */
    @WithDefault("1M")
    io.quarkus.runtime.configuration.MemorySize maxBodySize();

    /**
     * Regular expressions of the request paths that take bodies up to
     * quarkus.http.limits.max-body-size (file uploads); none by default.
     */
    java.util.Optional<java.util.List<String>> uploadPaths();
}
