package org.borderpolice.mediation;

/** 民转刑风险等级: how likely the dispute turns into a crime if it is not resolved. */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH;

    /** The higher of the two. */
    public RiskLevel max(RiskLevel other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
