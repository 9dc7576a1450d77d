package org.borderpolice.federation.problem;

/** A quota or limit of the caller is used up (429 / RESOURCE_EXHAUSTED). */
public class LimitReachedProblem extends ProblemException {

    public LimitReachedProblem(String message) {
        super(Kind.LIMIT_REACHED, message);
    }
}
