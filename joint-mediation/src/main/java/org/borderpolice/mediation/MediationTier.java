package org.borderpolice.mediation;

/**
 * 三调对接: the tier that mediates a dispute, from the village up to the court (人民调解 at
 * village, township and city centre; 行政调解; 司法调解 by a court mediator).
 */
public enum MediationTier {
    /** 村级综治中心 人民调解 */
    VILLAGE,
    /** 乡镇(街道)综治中心 */
    TOWNSHIP,
    /** 市(县)综治中心 */
    CITY_CENTRE,
    /** 行政调解: the competent department */
    ADMINISTRATIVE,
    /** 法院调解员 (司法调解) */
    COURT
}
