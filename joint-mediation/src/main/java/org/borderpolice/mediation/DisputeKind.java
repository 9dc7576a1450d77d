package org.borderpolice.mediation;

/** 纠纷类型. */
public enum DisputeKind {
    /** 山林土地边界纠纷 */
    LAND_BOUNDARY,
    /** 劳资纠纷 (工资) */
    LABOUR_WAGES,
    /** 商贸纠纷 (含涉外) */
    COMMERCIAL_TRADE,
    /** 邻里纠纷 */
    NEIGHBOUR,
    /** 婚姻家庭纠纷 */
    FAMILY,
    /** 交通事故纠纷 */
    TRAFFIC_ACCIDENT,
    /** 其他 */
    OTHER
}
