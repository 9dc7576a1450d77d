package org.borderpolice.cases;

/**
 * 紧急程度 of an assistance request; each has a default deadline (答复期限) from the request's
 * sending, set by {@code border.cases.assistance.deadlines.*} (IMMEDIATE 2 h, URGENT 8 h, ROUTINE
 * 7 days: the EU's 8 hours for urgent and 7 days otherwise, with a faster tier for 特急).
 */
public enum AssistancePriority {
    IMMEDIATE("特急"),
    URGENT("加急"),
    ROUTINE("一般");

    public final String label;

    AssistancePriority(String label) {
        this.label = label;
    }
}
