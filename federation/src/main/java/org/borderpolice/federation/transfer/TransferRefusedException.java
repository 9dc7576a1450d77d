package org.borderpolice.federation.transfer;

/**
 * A transfer request that names something wrong (INVALID, answered 400) or something this
 * jurisdiction does not have (NOT_FOUND, 404). A request that contradicts the current state is a
 * {@link org.borderpolice.federation.problem.ConflictException} (409).
 */
public class TransferRefusedException extends RuntimeException {

    public enum Kind {
        INVALID,
        NOT_FOUND
    }

    private final Kind kind;

    public TransferRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
