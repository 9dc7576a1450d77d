package org.borderpolice.cases;

/** 案件类别: what a joint case is about. */
public enum CaseCategory {
    FRAUD("诈骗"),
    TELECOM_FRAUD("电信网络诈骗"),
    SMUGGLING("走私"),
    THEFT("盗窃"),
    DRUGS("毒品"),
    VIOLENCE("暴力犯罪"),
    MISSING_PERSON("失踪人员"),
    OTHER("其他");

    /** The Chinese term users know (API descriptions, UI). */
    public final String label;

    CaseCategory(String label) {
        this.label = label;
    }
}
