package org.borderpolice.cases;

/** What a timeline entry (时间线) records. */
public enum EntryKind {
    CREATED("创建"),
    STATUS_CHANGED("状态变更"),
    EDITED("修改"),
    INVITED("邀请"),
    ACCEPTED("接受"),
    DECLINED("拒绝"),
    REMOVED("移出"),
    NOTE("备注"),
    FILE_ATTACHED("附件"),
    /** A partner that asked to join (申请加入) was let in by the owner. */
    JOINED("申请加入获批");

    public final String label;

    EntryKind(String label) {
        this.label = label;
    }
}
