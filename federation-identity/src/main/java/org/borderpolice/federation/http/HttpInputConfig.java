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
}
