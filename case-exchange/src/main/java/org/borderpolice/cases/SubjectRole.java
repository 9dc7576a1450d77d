package org.borderpolice.cases;

/** 涉案对象的身份: what a subject is to the case. */
public enum SubjectRole {
    SUSPECT("嫌疑对象"),
    VICTIM("被害人"),
    WITNESS("证人"),
    RELATED("关联对象");

    public final String label;

    SubjectRole(String label) {
        this.label = label;
    }
}
