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

/** The annotated string, if present, is a resident ID number (公民身份号码, GB 11643). */
@Documented
@Constraint(validatedBy = IdentifierValidator.ResidentId.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface ResidentIdNumber {
    String message() default "is not a resident ID number (公民身份号码, GB 11643)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
