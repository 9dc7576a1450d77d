package org.borderpolice.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.borderpolice.gateway.client.Upstreams;
import org.borderpolice.gateway.config.GatewayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;

/** A merged stream that cannot start gives the caller's stream place back (review 29). */
class MergedNotificationsStartTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aStreamWhoseStartFailsGivesItsPlaceBackOnce() {
        GatewayConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("border.gateway.services.intel-sharing.prefixes", "/api/v1/alerts")
                .withDefaultValue("border.gateway.services.intel-sharing.url", "http://127.0.0.1:9")
                .build()
                .unwrap(SmallRyeConfig.class)
                .getConfigMapping(GatewayConfig.class);
        // the keep-alive timer cannot be set: start() throws after the service's stream was asked for
        Vertx failing = (Vertx) Proxy.newProxyInstance(
                Vertx.class.getClassLoader(), new Class<?>[] {Vertx.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setPeriodic")) {
                        throw new IllegalStateException("no timers");
                    }
                    try {
                        return method.invoke(vertx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MergedNotifications merged = new MergedNotifications(new Upstreams(config, vertx), failing, config);
        AtomicInteger released = new AtomicInteger();

        assertThrows(IllegalStateException.class, () -> merged.open(null, Map.of(), "r-1", released::incrementAndGet));

        assertEquals(1, released.get());
        merged.close();
    }
}
