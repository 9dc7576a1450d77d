package org.borderpolice.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;

/**
 * The gateway's settings checked as the service checks them at startup (its config mapping with
 * Bean Validation): a value that cannot work stops the start with the setting's name.
 */
class GatewayConfigTest {

    static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    static GatewayConfig config(String keepAlive) {
        Validator validator = VALIDATION.getValidator();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withValidator((BeanValidationConfigValidator) () -> validator)
                .withDefaultValue("border.gateway.services.intel-sharing.prefixes", "/api/v1/alerts")
                .withDefaultValue("border.gateway.services.intel-sharing.url", "http://127.0.0.1:9");
        if (keepAlive != null) {
            builder.withDefaultValue("border.gateway.notifications.keep-alive", keepAlive);
        }
        return builder.build().unwrap(SmallRyeConfig.class).getConfigMapping(GatewayConfig.class);
    }

    @Test
    void aKeepAliveOfASecondAndMoreIsTaken() {
        assertEquals(Duration.ofSeconds(20), config(null).notifications().keepAlive());
        assertEquals(Duration.ofSeconds(1), config("1s").notifications().keepAlive());
        assertEquals(Duration.ofMinutes(2), config("2m").notifications().keepAlive());
    }

    /** Under a second, a comment would go on every tick of the streams' one-second timer. */
    @Test
    void aKeepAliveUnderASecondStopsTheStart() {
        for (String value : new String[] {"0s", "500ms", "-5s", "PT0.999S"}) {
            ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(value), value);
            assertEquals(1, e.getProblemCount(), e.getMessage());
            String problem = e.getProblem(0).getMessage();
            assertTrue(problem.contains("border.gateway.notifications.keep-alive"), problem);
            assertTrue(problem.contains("at least 1s"), problem);
        }
    }
}
