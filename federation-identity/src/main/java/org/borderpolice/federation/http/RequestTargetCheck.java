package org.borderpolice.federation.http;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.annotations.StaticInitSafe;

/**
 * Hands the check of request targets to {@link HttpProblemPages}: Quarkus's outermost HTTP
 * handler tests every target with {@code java.net.URI} and answers a bare 400 (no body, before any
 * route) unless the JVM property {@code vertx.disableURIValidation} is true when its class is
 * loaded. A raw UTF-8 query ({@code ?q=烟花} sent unencoded) reads as C1 control characters there
 * and got that bare 400. No Quarkus setting reaches that handler, and a JVM flag would have to be
 * passed by every launcher (tests, local federation, images, Kubernetes), so the property is set
 * here: the static-init configuration loads this source (ServiceLoader) before the HTTP recorder's
 * class. {@link HttpProblemPages#check} then does what the handler did, with problem+json, and
 * reads raw UTF-8 bytes as what they mean. Holds no property of its own.
 */
@StaticInitSafe
public final class RequestTargetCheck implements ConfigSource {

    static final String QUARKUS_URI_VALIDATION_OFF = "vertx.disableURIValidation";

    static {
        System.setProperty(QUARKUS_URI_VALIDATION_OFF, "true");
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public String getValue(String propertyName) {
        return null;
    }

    @Override
    public String getName() {
        return "border-request-target-check";
    }

    @Override
    public int getOrdinal() {
        return 0;
    }
}
