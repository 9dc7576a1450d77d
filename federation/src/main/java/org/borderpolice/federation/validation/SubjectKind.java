package org.borderpolice.federation.validation;

import java.util.function.UnaryOperator;

/**
 * Kinds of the persons, vehicles, phones and accounts a record is about, each with the rule and
 * the normal form of its identifier. The normal form is what the agreement's blind index hashes
 * ("&lt;KIND&gt;:&lt;normal form&gt;"): every partner must normalise alike, or checks miss.
 */
public enum SubjectKind {
    /** 人员: resident ID number. */
    PERSON(ResidentIdNumbers::problem, ResidentIdNumbers::normalise),
    /** 车辆: vehicle plate. */
    VEHICLE(VehiclePlates::problem, VehiclePlates::normalise),
    /** 电话: mobile number. */
    PHONE(MobileNumbers::problem, MobileNumbers::normalise),
    /** 银行账户: 12 to 19 digit card or account number. */
    BANK_ACCOUNT(
            v -> v.replaceAll("[\\s-]", "").matches("[0-9]{12,19}")
                    ? null
                    : "must be a bank card or account number of 12 to 19 digits",
            v -> v.replaceAll("[\\s-]", ""));

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

    /** The kind on the wire (border.common.v1). */
    public org.borderpolice.federation.proto.common.v1.SubjectKind toProto() {
        return org.borderpolice.federation.proto.common.v1.SubjectKind.valueOf(name());
    }

    /** The kind a partner sent, or null if it names none we know (unspecified, or newer than us). */
    public static SubjectKind fromProto(org.borderpolice.federation.proto.common.v1.SubjectKind kind) {
        return switch (kind) {
            case PERSON -> PERSON;
            case VEHICLE -> VEHICLE;
            case PHONE -> PHONE;
            case BANK_ACCOUNT -> BANK_ACCOUNT;
            default -> null;
        };
    }
}
