package org.borderpolice.federation.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The annotated instant, if present, lies in 1900-01-01T00:00Z .. 2200-01-01T00:00Z (exclusive).
 * Java reads years up to ±999,999,999 and PostgreSQL's timestamptz stores 4713 BC .. 294276 AD;
 * no police record of the suite is dated outside these two centuries, and refusing here keeps an
 * absurd year from reaching the database (where it failed as a 500) or a partner.
 */
@Documented
@Constraint(
        validatedBy = {
            StorableTime.OfOffsetDateTime.class,
            StorableTime.OfInstant.class,
            StorableTime.OfZonedDateTime.class
        })
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface StorableTime {
    String message() default "must lie between 1900-01-01 and 2199-12-31";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The range, for code that checks it by hand (replicas, parameters). */
    final class Range {
        public static final Instant EARLIEST =
                OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        public static final Instant END =
                OffsetDateTime.of(2200, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

        private Range() {}

        public static boolean holds(Instant at) {
            return at == null || (!at.isBefore(EARLIEST) && at.isBefore(END));
        }
    }

    final class OfOffsetDateTime implements ConstraintValidator<StorableTime, OffsetDateTime> {
        @Override
        public boolean isValid(OffsetDateTime value, ConstraintValidatorContext context) {
            return value == null || Range.holds(value.toInstant());
        }
    }

    final class OfInstant implements ConstraintValidator<StorableTime, Instant> {
        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return Range.holds(value);
        }
    }

    final class OfZonedDateTime implements ConstraintValidator<StorableTime, ZonedDateTime> {
        @Override
        public boolean isValid(ZonedDateTime value, ConstraintValidatorContext context) {
            return value == null || Range.holds(value.toInstant());
        }
    }
}
