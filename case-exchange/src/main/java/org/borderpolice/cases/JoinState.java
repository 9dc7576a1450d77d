package org.borderpolice.cases;

/**
 * 加入申请状态 of a request to join a case: PENDING until the owner decides or the requester withdraws it; APPROVED
 * (the requester is an accepted participant), DENIED and WITHDRAWN are final.
 */
public enum JoinState {
    PENDING("待审批"),
    APPROVED("已同意"),
    DENIED("未同意"),
    /**
     * 已撤回: withdrawn by the requester while pending. A decision the owner made before the
     * withdrawal reached it still stands (the two crossed): the requester then takes it.
     */
    WITHDRAWN("已撤回");

    public final String label;

    JoinState(String label) {
        this.label = label;
    }
}
