package org.borderpolice.mediation;

/** 调解结果 of a session that was held. */
public enum SessionOutcome {
    AGREEMENT("达成协议"),
    PARTIAL_AGREEMENT("部分达成"),
    NO_AGREEMENT("未达成协议"),
    ADJOURNED("休会, 另行调解");

    public final String label;

    SessionOutcome(String label) {
        this.label = label;
    }
}
