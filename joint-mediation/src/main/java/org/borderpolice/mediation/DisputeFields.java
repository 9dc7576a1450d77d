package org.borderpolice.mediation;

/** Lengths of a dispute's fields, as the database holds them (REST checks them, the applier too). */
public final class DisputeFields {

    public static final int TITLE = 200;
    public static final int DESCRIPTION = 20_000;
    public static final int PLACE = 200;
    public static final int TOWNSHIP = 100;
    public static final int DEPARTMENT = 100;
    public static final int REASON = 2000;
    public static final int RISK_REASON = 500;
    public static final int RISK_REASONS = 20;
    public static final int NAME = 100;
    public static final int UNIT = 100;
    public static final int OFFICER = 200;
    /** Parties a partner's dispute may carry (a setting may allow fewer here). */
    public static final int PARTIES_HELD = 200;
    /** Jurisdictions one dispute may involve. */
    public static final int INVOLVED = 50;

    private DisputeFields() {}
}
