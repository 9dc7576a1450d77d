package org.borderpolice.federation.directory;

/** What a liaison officer is for. */
public enum OfficerRole {
    /** 联络员. */
    LIAISON,
    /** 副联络员. */
    DEPUTY,
    /** 分管领导. */
    LEADER
}
