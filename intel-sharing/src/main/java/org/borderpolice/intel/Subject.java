package org.borderpolice.intel;

import org.borderpolice.federation.validation.SubjectKind;

/** A person, vehicle, phone or account an alert is about; value in normal form. */
public record Subject(SubjectKind kind, String value, String label) {}
