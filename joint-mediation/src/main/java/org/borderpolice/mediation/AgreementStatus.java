package org.borderpolice.mediation;

/** Where a mediation agreement (调解协议) stands. */
public enum AgreementStatus {
    /** 拟定: terms written, the document printed, not every party has signed; terms may still change */
    DRAFT,
    /** 已生效: every party signed the printed document; the terms are fixed */
    SIGNED,
    /** 履行完毕: every instalment paid in full */
    FULFILLED
}
