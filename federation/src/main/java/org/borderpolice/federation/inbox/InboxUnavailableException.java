package org.borderpolice.federation.inbox;

/**
 * The inbox could not decide on a batch now (its database is out of reach, or failed for a
 * passing reason). Nothing was refused; the sender should send the batch again later. The
 * message is fit for a partner; the cause is for our log only.
 */
public class InboxUnavailableException extends RuntimeException {

    InboxUnavailableException(Throwable cause) {
        super("the receiver cannot store events at the moment; send the batch again later", cause);
    }
}
