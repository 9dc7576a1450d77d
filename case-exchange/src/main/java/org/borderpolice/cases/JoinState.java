package org.borderpolice.cases;

/**
 * 加入申请状态 of a request to join a case: PENDING until the owner decides; APPROVED (the
 * requester is an accepted participant) and DENIED are final.
 */
public enum JoinState {
    PENDING("待审批"),
    APPROVED("已同意"),
    DENIED("未同意");

    public final String label;

    JoinState(String label) {
        this.label = label;
    }
}
