package org.borderpolice.federation.problem;

/** The request is malformed or names something that cannot be (400 / INVALID_ARGUMENT). */
public class InvalidProblem extends ProblemException {

    public InvalidProblem(String message) {
        super(Kind.INVALID, message);
    }
}
