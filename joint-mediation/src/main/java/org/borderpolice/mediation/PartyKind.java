package org.borderpolice.mediation;

/** 当事人类型. */
public enum PartyKind {
    /** 自然人 */
    PERSON,
    /** 单位/组织 */
    ORGANISATION
}
