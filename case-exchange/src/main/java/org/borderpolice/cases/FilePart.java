package org.borderpolice.cases;

/** Which record an evidence file belongs to, and so who holds and sees it. */
public enum FilePart {
    /** The case's: its origin attaches, every participant sees it. */
    CASE,
    /** An assistance request's, the requester's part (协查函): the requester and the addressee see it. */
    REQUEST,
    /** The addressee's answer to a request (反馈材料): the addressee and the requester see it. */
    ANSWER
}
