package org.borderpolice.cases;

/**
 * The limits of what an assistance request stores, shared by REST input and by the records
 * partners send (as {@link CaseFields}); each fits its column.
 */
public final class AssistanceFields {

    /** 协查内容. */
    public static final int DETAILS = 4000;
    /** 协查结果. */
    public static final int FINDINGS = 10_000;
    /** 承办民警 name. */
    public static final int OFFICER_NAME = 50;
    /** 警号 or another id of the officer. */
    public static final int OFFICER_ID = 50;

    private AssistanceFields() {}
}
