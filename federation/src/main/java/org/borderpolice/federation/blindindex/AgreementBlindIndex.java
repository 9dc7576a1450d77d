package org.borderpolice.federation.blindindex;

import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;

/** The blind index under the agreement's shared key (border.federation.blind-index-key). */
@ApplicationScoped
public class AgreementBlindIndex {

    private final BlindIndex index;

    @Inject
    public AgreementBlindIndex(FederationConfig config) {
        this.index = config.blindIndexKey().map(BlindIndex::new).orElse(null);
    }

    public boolean configured() {
        return index != null;
    }

    /** Hex form of the keyed hash, as stored and compared. */
    public String hash(String kind, String normalisedValue) {
        if (index == null) {
            throw new IllegalStateException("border.federation.blind-index-key is not configured");
        }
        return HexFormat.of().formatHex(index.hash(kind, normalisedValue));
    }
}
