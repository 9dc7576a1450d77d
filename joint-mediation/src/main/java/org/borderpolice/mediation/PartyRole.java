package org.borderpolice.mediation;

/** 当事人身份 in a dispute. */
public enum PartyRole {
    /** 申请人 (the party that asks for mediation) */
    APPLICANT,
    /** 被申请人 (the party the claim is against; 被告人多 counts these) */
    RESPONDENT,
    /** 第三人 / 利害关系人 */
    THIRD_PARTY
}
