/**
 * Building blocks a service uses to share its records, so that it writes only its domain:
 * distributions resolved against the agreement, publishing a record's full state (and tombstones
 * to dropped partners), typed appliers that decode a partner's payload once, the rules of
 * partner-owned contributions, payload field checks and proto time conversion. The delivery
 * itself (outbox, relay, inbox) is in outbox and inbox.
 */
package org.borderpolice.federation.replication;
