package org.borderpolice.federation.files;

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
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;

/**
 * The files' settings checked as a service checks them at startup (the config mapping with Bean
 * Validation): an in-flight window under a minute stops the start, naming the setting, so that
 * {@code 0s} cannot let a folder sweep take the objects of a fetch still running.
 */
class FilesConfigTest {

    static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    static FilesConfig config(String inFlight) {
        Validator validator = VALIDATION.getValidator();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(FilesConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withValidator((BeanValidationConfigValidator) () -> validator);
        if (inFlight != null) {
            builder.withDefaultValue("border.federation.files.in-flight", inFlight);
        }
        return builder.build().unwrap(SmallRyeConfig.class).getConfigMapping(FilesConfig.class);
    }

    @Test
    void aWindowOfAMinuteAndMoreIsTaken() {
        assertEquals(Duration.ofMinutes(10), config(null).inFlight());
        assertEquals(Duration.ofMinutes(1), config("1m").inFlight());
        assertEquals(Duration.ofHours(2), config("2h").inFlight());
    }

    @Test
    void aWindowUnderAMinuteStopsTheStart() {
        for (String value : new String[] {"0s", "59s", "-10m", "PT59.999S"}) {
            ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(value), value);
            assertEquals(1, e.getProblemCount(), e.getMessage());
            String problem = e.getProblem(0).getMessage();
            assertTrue(problem.contains("border.federation.files.in-flight"), problem);
        }
    }
}
