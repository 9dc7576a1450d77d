package org.borderpolice.federation.replication;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.trust.TrustList;

/**
 * The partners a user names to share a record with, against the agreement: {@value #ALL_PARTNERS}
 * is every partner the trust list lets receive the record's type (its category, e.g. "intel", or
 * the type itself), a named code must be such a partner, and our own code is allowed but left out
 * (we are the origin, which every event adds).
 */
@ApplicationScoped
public class Distributions {

    public static final String ALL_PARTNERS = "ALL";

    @Inject
    TrustList trustList;

    /**
     * The partners named, {@value #ALL_PARTNERS} resolved, sorted.
     *
     * @param records what users call the records, for the refusal ("alerts")
     * @throws InvalidDistributionException naming every code that is not such a partner
     */
    public Set<String> resolve(String recordType, String records, Collection<String> requested) {
        Set<String> codes = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String code : requested) {
            if (code.equals(ALL_PARTNERS)) {
                trustList.partners().keySet().stream()
                        .filter(p -> trustList.mayReceive(p, recordType))
                        .forEach(codes::add);
            } else if (mayHold(code, recordType)) {
                codes.add(code);
            } else if (!code.equals(trustList.selfCode())) {
                unknown.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidDistributionException(records, unknown);
        }
        return codes;
    }

    /**
     * The origin whose records of this type a user of {@code me} may read at this service: all our
     * rules let our own users read (our code); a partner's user only our own records, while the
     * agreement gives its jurisdiction the type (our code), otherwise none (a code no record has).
     * Never our replicas of a third jurisdiction's records: it reads those at their origin, which
     * decides and audits the read. (Its own jurisdiction's records as we hold them are the
     * caller's rule: {@code origin = me}.)
     */
    public String readScope(String me, String recordType) {
        String self = trustList.selfCode();
        return me.equals(self) || mayHold(me, recordType) ? self : "";
    }

    /**
     * The caller's jurisdiction as a visibility rule that names the caller's own jurisdiction (a
     * request between it and us) may bind it: {@code me} while it may read records of this type
     * here (ours, or a partner the agreement still gives the type), otherwise "" (a code no record
     * names): a partner that lost the grant reads none of them here, as {@link #readScope} rules.
     */
    public String reader(String me, String recordType) {
        return me.equals(trustList.selfCode()) || mayHold(me, recordType) ? me : "";
    }

    /** Is this a partner that the agreement (still) lets hold records of this type? */
    public boolean mayHold(String code, String recordType) {
        return trustList.isPartner(code) && trustList.mayReceive(code, recordType);
    }
}
