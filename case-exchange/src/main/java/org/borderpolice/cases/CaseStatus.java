package org.borderpolice.cases;

import java.util.EnumSet;
import java.util.Set;

/**
 * 案件状态 and the status machine of a joint case:
 *
 * <ul>
 *   <li>DRAFT → OPEN (立案: the case goes to its participants)
 *   <li>OPEN → INVESTIGATING
 *   <li>INVESTIGATING → SOLVED (破案), or → CLOSED unsolved (reason required)
 *   <li>SOLVED → CLOSED (结案)
 *   <li>SOLVED or CLOSED → REOPENED (reason required), REOPENED → INVESTIGATING
 * </ul>
 *
 * A draft is the owner's alone (partners receive a case from OPEN on); a CLOSED case does not
 * change until it is REOPENED; a REOPENED case goes on as INVESTIGATING.
 */
public enum CaseStatus {
    DRAFT("草稿"),
    OPEN("已立案"),
    INVESTIGATING("侦查中"),
    SOLVED("已破案"),
    CLOSED("已结案"),
    REOPENED("重新启动");

    public final String label;

    CaseStatus(String label) {
        this.label = label;
    }

    /** The statuses this one may change to. */
    public Set<CaseStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(OPEN);
            case OPEN -> EnumSet.of(INVESTIGATING);
            case INVESTIGATING -> EnumSet.of(SOLVED, CLOSED);
            case SOLVED -> EnumSet.of(CLOSED, REOPENED);
            case CLOSED -> EnumSet.of(REOPENED);
            case REOPENED -> EnumSet.of(INVESTIGATING);
        };
    }

    public boolean mayBecome(CaseStatus to) {
        return next().contains(to);
    }

    /**
     * Must the change give a reason? Reopening always (why the case is taken up again), closing a
     * case that was never solved (why the investigation ends).
     */
    public boolean needsReason(CaseStatus to) {
        return to == REOPENED || (this == INVESTIGATING && to == CLOSED);
    }

    /** Only a commander closes or reopens a case (结案、重启须经领导审批); other changes any investigator. */
    public static boolean needsCommander(CaseStatus to) {
        return to == CLOSED || to == REOPENED;
    }

    /** May the case's content, participants and timeline change in this status? Not once closed. */
    public boolean changeable() {
        return this != CLOSED;
    }

    /** Is a case in this status shared with its participants? Not while a draft. */
    public boolean shared() {
        return this != DRAFT;
    }
}
