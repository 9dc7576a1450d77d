package org.borderpolice.federation.validation;

import java.lang.annotation.Annotation;
import java.util.function.UnaryOperator;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Bean Validation adapter: null is left to @NotNull; the rule's own reason becomes the message. */
abstract class IdentifierValidator<A extends Annotation> implements ConstraintValidator<A, String> {

    private final UnaryOperator<String> problem;

    IdentifierValidator(UnaryOperator<String> problem) {
        this.problem = problem;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String why = problem.apply(value);
        if (why == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // escape message-interpolation characters: the reason may quote parts of the input
        context.buildConstraintViolationWithTemplate(why.replaceAll("([{}$\\\\])", "\\\\$1"))
                .addConstraintViolation();
        return false;
    }

    public static final class ResidentId extends IdentifierValidator<ResidentIdNumber> {
        public ResidentId() {
            super(ResidentIdNumbers::problem);
        }
    }

    public static final class Division extends IdentifierValidator<DivisionCode> {
        public Division() {
            super(DivisionCodes::problem);
        }
    }

    public static final class Plate extends IdentifierValidator<VehiclePlate> {
        public Plate() {
            super(VehiclePlates::problem);
        }
    }

    public static final class Mobile extends IdentifierValidator<MobileNumber> {
        public Mobile() {
            super(MobileNumbers::problem);
        }
    }
}
