package org.borderpolice.mediation;

/** Filters of the mediators directory's list; null: any. {@code language} is a BCP 47 tag in normal form. */
public record MediatorFilter(MediatorKind kind, String origin, String language, Boolean active) {}
