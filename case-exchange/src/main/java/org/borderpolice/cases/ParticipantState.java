package org.borderpolice.cases;

/**
 * 参与状态 of a partner jurisdiction in a case. INVITED and ACCEPTED partners hold the case and
 * see it; DECLINED (the partner's answer) and REMOVED (the owner's decision) do not.
 */
public enum ParticipantState {
    INVITED("已邀请"),
    ACCEPTED("已接受"),
    DECLINED("已拒绝"),
    REMOVED("已移出");

    public final String label;

    ParticipantState(String label) {
        this.label = label;
    }

    /** Does a partner in this state hold and see the case? */
    public boolean active() {
        return this == INVITED || this == ACCEPTED;
    }
}
