package org.borderpolice.cases;

/** The requester's part of an assistance request: sent, or withdrawn (撤回) by the requester. */
public enum RequesterState {
    SENT,
    WITHDRAWN
}
