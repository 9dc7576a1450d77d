package org.borderpolice.mediation;

/** 受理渠道: how a dispute reached us. */
public enum DisputeChannel {
    /** 110 报警 */
    CALL_110,
    /** 12345 政务服务热线 */
    HOTLINE_12345,
    /** 民声热线 */
    MINSHENG_HOTLINE,
    /** 来访 walk-in */
    WALK_IN,
    /** 巡逻发现 / 排查 */
    PATROL,
    /** 协作辖区移送 partner referral */
    PARTNER_REFERRAL
}
