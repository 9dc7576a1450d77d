package org.borderpolice.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.borderpolice.federation.validation.SubjectKind;

/**
 * 涉案对象: a person, vehicle, phone or account of a case and what it is to the case; the value
 * in its kind's normal form (federation {@link SubjectKind}).
 */
@Embeddable
public class CaseSubject {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SubjectKind kind;

    @Column(nullable = false)
    public String value;

    public String label;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SubjectRole role;

    public CaseSubject() {}

    public CaseSubject(SubjectKind kind, String value, String label, SubjectRole role) {
        this.kind = kind;
        this.value = value;
        this.label = label;
        this.role = role;
    }

    /** The subject as given by a user: its value normalised (valid by {@link #problem}). */
    public static CaseSubject normalised(SubjectKind kind, String value, String label, SubjectRole role) {
        String l = label == null || label.isBlank() ? null : label.strip();
        return new CaseSubject(kind, kind.normalise(value), l, role);
    }

    /** Why this identifier is not one of its kind, or null. */
    public static String problem(SubjectKind kind, String value) {
        if (kind == null) {
            return "kind is required";
        }
        if (value == null || value.isBlank()) {
            return "value must not be blank";
        }
        return kind.problem(value);
    }
}
