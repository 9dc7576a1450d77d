/**
 * Hit/no-hit checks (比对) over the subjects of any record type, the same for every service: the
 * check at home and the fan-out to partners over gRPC ({@code border.hitcheck.v1}), the answer to
 * a partner's check, daily limits per user and per partner, the record and audit of every check
 * at both ends, the bounded audit of refusals, the keyed hashes of subjects (blind index) and
 * their upkeep when the agreement's key rotates. A service takes part with one
 * {@link org.borderpolice.federation.hitcheck.HitCheckable} bean per record type: which subjects
 * its records have, which of them an asker may learn of, and what a hit tells.
 */
package org.borderpolice.federation.hitcheck;
