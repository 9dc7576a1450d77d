package org.borderpolice.intel.rest;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.SubjectKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "涉及对象 A subject of the alert")
@SubjectInput.ValidIdentifier
public record SubjectInput(
        @Schema(description = "对象类型 Kind") @NotNull SubjectKind kind,

        @Schema(description = "身份证号/号牌/手机号/账号 Identifier", examples = "330881199001011238")
        @NotBlank
        @Size(max = 64)
        @SingleLine
        String value,

        @Schema(description = "姓名或描述 Name or description", examples = "张某") @Size(max = 100) @SingleLine
        String label) {

    /** The value is a valid identifier of the subject's kind (reported on field "value"). */
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = IdentifierOfKind.class)
    public @interface ValidIdentifier {
        String message() default "is not a valid identifier of this kind";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static class IdentifierOfKind implements ConstraintValidator<ValidIdentifier, SubjectInput> {
        @Override
        public boolean isValid(SubjectInput subject, ConstraintValidatorContext context) {
            if (subject == null
                    || subject.kind() == null
                    || subject.value() == null
                    || subject.value().isBlank()) {
                return true;
            }
            String problem = subject.kind().problem(subject.value());
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem.replaceAll("([{}$\\\\])", "\\\\$1"))
                    .addPropertyNode("value")
                    .addConstraintViolation();
            return false;
        }
    }
}
