package org.borderpolice.cases.rest;

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

import org.borderpolice.cases.CaseFields;
import org.borderpolice.cases.CaseSubject;
import org.borderpolice.cases.SubjectRole;
import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.SubjectKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "涉案对象 A person, vehicle, phone or account of the case")
@SubjectInput.ValidIdentifier
public record SubjectInput(
        @Schema(description = "对象类型 Kind: PERSON 身份证号, VEHICLE 号牌, PHONE 手机号, BANK_ACCOUNT 银行账号") @NotNull
        SubjectKind kind,

        @Schema(description = "身份证号/号牌/手机号/账号 Identifier", examples = "330881199001011238")
        @NotBlank
        @Size(max = CaseFields.IDENTIFIER)
        @SingleLine
        String value,

        @Schema(description = "姓名或描述 Name or description", examples = "张某") @Size(max = CaseFields.LABEL) @SingleLine
        String label,

        @Schema(description = "身份 Role: SUSPECT 嫌疑对象, VICTIM 被害人, WITNESS 证人, RELATED 关联对象 (default SUSPECT)")
        SubjectRole role) {

    CaseSubject toSubject() {
        return CaseSubject.normalised(kind, value, label, role == null ? SubjectRole.SUSPECT : role);
    }

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
                return true; // @NotNull / @NotBlank report these
            }
            String problem = CaseSubject.problem(subject.kind(), subject.value());
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
