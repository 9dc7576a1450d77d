package org.borderpolice.cases;

/** 协查事项: what a partner is asked to do. */
public enum AssistanceKind {
    IDENTITY_CHECK("身份核查"),
    LOCATE_PERSON("查找人员"),
    LOCATE_VEHICLE("查找车辆"),
    COLLECT_EVIDENCE("调取证据"),
    ASSIST_ARREST("协助抓捕"),
    FREEZE_ASSETS("冻结资金"),
    OTHER("其他");

    public final String label;

    AssistanceKind(String label) {
        this.label = label;
    }
}
