package org.borderpolice.federation.problem;

/** Nothing the caller may see under that name (404 / NOT_FOUND). */
public class NotFoundProblem extends ProblemException {

    public NotFoundProblem(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
