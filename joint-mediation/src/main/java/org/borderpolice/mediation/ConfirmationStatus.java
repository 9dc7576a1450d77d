package org.borderpolice.mediation;

/** 司法确认: the court's confirmation of a signed agreement, which makes it enforceable. */
public enum ConfirmationStatus {
    /** not asked for */
    NONE,
    /** 已申请: the parties applied to a people's court */
    REQUESTED,
    /** 确认有效: the court confirmed the agreement */
    CONFIRMED,
    /** 驳回申请: the court refused (the parties may change the agreement or sue) */
    REJECTED
}
