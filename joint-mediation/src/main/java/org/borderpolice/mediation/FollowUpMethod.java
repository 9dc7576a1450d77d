package org.borderpolice.mediation;

/** How a follow-up visit (回访) was made. */
public enum FollowUpMethod {
    /** 上门回访 */
    VISIT,
    /** 电话回访 */
    PHONE,
    /** 视频/在线回访 */
    ONLINE
}
