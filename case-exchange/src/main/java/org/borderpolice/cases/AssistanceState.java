package org.borderpolice.cases;

/**
 * 协查状态 of an assistance request as both sides show it: a function of the requester's part
 * ({@link RequesterState}) and the addressee's ({@link ResponderState}), which are two records
 * owned by two jurisdictions. Both sides compute it from the same two parts, so they agree once
 * both parts have arrived, whatever order they crossed in:
 *
 * <pre>
 *   SENT ──accept (指定民警)──► ACCEPTED ──answer (反馈)──► ANSWERED
 *    │ │                         │ │
 *    │ └──decline (理由)──► DECLINED ◄──decline──┘ │
 *    └──withdraw (撤回, requester)──► WITHDRAWN ◄──┘
 * </pre>
 *
 * A final answer of the addressee (ANSWERED, DECLINED) stands even if the requester's withdrawal
 * crossed it on the way: the work was done. Open (SENT, ACCEPTED) requests have a deadline and
 * may become overdue; the others are closed.
 */
public enum AssistanceState {
    SENT("待受理"),
    ACCEPTED("已受理"),
    DECLINED("不予协查"),
    ANSWERED("已反馈"),
    WITHDRAWN("已撤回");

    public final String label;

    AssistanceState(String label) {
        this.label = label;
    }

    public static AssistanceState of(RequesterState requester, ResponderState responder) {
        if (responder == ResponderState.ANSWERED) {
            return ANSWERED;
        }
        if (responder == ResponderState.DECLINED) {
            return DECLINED;
        }
        if (requester == RequesterState.WITHDRAWN) {
            return WITHDRAWN;
        }
        return responder == ResponderState.ACCEPTED ? ACCEPTED : SENT;
    }

    /** Is the request still waiting for the addressee (has a running deadline)? */
    public boolean open() {
        return this == SENT || this == ACCEPTED;
    }
}
