package org.borderpolice.federation.problem;

/**
 * The request is well-formed but contradicts the current state (409).
 *
 * @deprecated throw {@link ConflictProblem}; kept so that code written against the old name still maps alike
 */
@Deprecated
public class ConflictException extends ConflictProblem {

    public ConflictException(String message) {
        super(message);
    }
}
