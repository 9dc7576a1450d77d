package org.borderpolice.federation.grpc;

import io.grpc.Context;
import io.grpc.Status;

/**
 * One gRPC call's place among its partner's open calls ({@link PeerLimits}): taken when the
 * partner is known, given back when the call has ended and none of its work is still running (a
 * batch of a cancelled stream still holds a database connection until its transaction ends). A
 * call that ended before its partner was known is not admitted at all.
 */
final class CallAdmission {

    static final Context.Key<CallAdmission> KEY = Context.key("border-call-admission");

    private final PeerLimits limits;
    private Runnable release;
    private boolean ended;
    private int working;

    CallAdmission(PeerLimits limits) {
        this.limits = limits;
    }

    /** Count this call against the partner's limits; RESOURCE_EXHAUSTED over them. */
    synchronized void admit(String peer) {
        if (ended) {
            throw Status.CANCELLED.withDescription("the call has ended").asRuntimeException();
        }
        if (release == null) {
            release = limits.open(peer);
        }
    }

    /** Work of this call begins: the call keeps its place until {@link #workEnded()}, even if it ends first. */
    synchronized void workStarted() {
        working++;
    }

    synchronized void workEnded() {
        working--;
        releaseIfDone();
    }

    synchronized void end() {
        ended = true;
        releaseIfDone();
    }

    private void releaseIfDone() {
        if (ended && working <= 0 && release != null) {
            release.run();
            release = null;
        }
    }
}
