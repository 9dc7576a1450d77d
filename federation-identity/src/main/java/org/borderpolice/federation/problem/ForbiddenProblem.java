package org.borderpolice.federation.problem;

/** The caller may not do this (403 / PERMISSION_DENIED); audited as a refused access over REST. */
public class ForbiddenProblem extends ProblemException {

    public ForbiddenProblem(String message) {
        super(Kind.FORBIDDEN, message);
    }
}
