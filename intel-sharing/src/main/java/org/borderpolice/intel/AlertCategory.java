package org.borderpolice.intel;

/** What an alert is about (预警类别). */
public enum AlertCategory {
    /** 在逃人员 */
    WANTED_PERSON,
    /** 嫌疑车辆 */
    SUSPECT_VEHICLE,
    /** 诈骗手法 */
    FRAUD_PATTERN,
    /** 走私 */
    SMUGGLING,
    /** 失踪人员 */
    MISSING_PERSON,
    /** 治安风险 */
    PUBLIC_ORDER_RISK,
    /** 矛盾纠纷风险 */
    DISPUTE_RISK
}
