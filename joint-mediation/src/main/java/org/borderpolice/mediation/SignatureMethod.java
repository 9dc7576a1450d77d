package org.borderpolice.mediation;

/** How a party signed the printed agreement. */
public enum SignatureMethod {
    /** 签字 */
    HANDWRITTEN,
    /** 按手印 */
    FINGERPRINT,
    /** 盖章 (an organisation's seal) */
    SEAL,
    /** 电子签名 on the 在线调解 platform */
    ELECTRONIC
}
