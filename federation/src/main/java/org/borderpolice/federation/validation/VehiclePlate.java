package org.borderpolice.federation.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The annotated string, if present, is a vehicle plate (机动车号牌). */
@Documented
@Constraint(validatedBy = IdentifierValidator.Plate.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface VehiclePlate {
    String message() default "is not a vehicle plate (机动车号牌)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
