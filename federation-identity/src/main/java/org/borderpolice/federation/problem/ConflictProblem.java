package org.borderpolice.federation.problem;

/** The request is well-formed but contradicts the current state (409 / FAILED_PRECONDITION). */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String message) {
        super(Kind.CONFLICT, message);
    }
}
