package org.borderpolice.intel;

import java.util.function.UnaryOperator;

import org.borderpolice.federation.validation.MobileNumbers;
import org.borderpolice.federation.validation.ResidentIdNumbers;
import org.borderpolice.federation.validation.VehiclePlates;

/** Kinds of alert subjects, each with the rule and the normal form of its identifier. */
public enum SubjectKind {
    /** 人员: resident ID number. */
    PERSON(ResidentIdNumbers::problem, ResidentIdNumbers::normalise),
    /** 车辆: vehicle plate. */
    VEHICLE(VehiclePlates::problem, VehiclePlates::normalise),
    /** 电话: mobile number. */
    PHONE(MobileNumbers::problem, MobileNumbers::normalise),
    /** 银行账户: 12 to 19 digit card or account number. */
    BANK_ACCOUNT(v -> v.replaceAll("[\\s-]", "").matches("[0-9]{12,19}") ? null
            : "must be a bank card or account number of 12 to 19 digits", v -> v.replaceAll("[\\s-]", ""));

    private final UnaryOperator<String> problem;
    private final UnaryOperator<String> normalise;

    SubjectKind(UnaryOperator<String> problem, UnaryOperator<String> normalise) {
        this.problem = problem;
        this.normalise = normalise;
    }

    /** Why the value is not an identifier of this kind, or null. */
    public String problem(String value) {
        return problem.apply(value);
    }

    public String normalise(String value) {
        return normalise.apply(value);
    }
}
