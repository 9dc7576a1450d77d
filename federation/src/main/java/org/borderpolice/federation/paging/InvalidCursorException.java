package org.borderpolice.federation.paging;

/** A cursor that is not one this API returned: 400 problem+json ({@link CursorProblemMapper}). */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException() {
        super("cursor is not one this API returned");
    }
}
