package org.borderpolice.federation.blindindex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.borderpolice.federation.config.FederationConfig;

/**
 * The blind index under the agreement's shared keys ({@code border.federation.blind-index.keys.<version>}).
 * Usually one version; while the agreement rotates its key, two: identifiers are then hashed
 * under each, so that a partner holding either can match them.
 */
@ApplicationScoped
public class AgreementBlindIndex {

    public static final String KEYS = "border.federation.blind-index.keys";
    /** Versions held at once; a check carries one hash per version and identifier. */
    public static final int MAX_VERSIONS = 8;

    public static final int MAX_VERSION = Short.MAX_VALUE;

    private final Map<String, String> configured;
    private final boolean unversionedKeySet;
    private SortedMap<Integer, BlindIndex> keys;

    @Inject
    @SuppressWarnings("deprecation")
    public AgreementBlindIndex(FederationConfig config) {
        this.configured = config.blindIndex().keys();
        this.unversionedKeySet = config.blindIndexKey().isPresent();
    }

    /**
     * The keys, checked: at least one, versions 1 to 32767, each base64 of at least 32 bytes.
     *
     * @throws InvalidBlindIndexKeyException saying what is wrong, in terms of the settings
     */
    public synchronized SortedMap<Integer, BlindIndex> require() {
        if (keys == null) {
            keys = Collections.unmodifiableSortedMap(parse(configured, unversionedKeySet));
        }
        return keys;
    }

    static SortedMap<Integer, BlindIndex> parse(Map<String, String> configured, boolean unversionedKeySet) {
        if (configured.isEmpty()) {
            throw new InvalidBlindIndexKeyException(
                    unversionedKeySet
                            ? "border.federation.blind-index-key is no longer read: set " + KEYS + ".1 to the same key"
                            : "no blind-index key: set " + KEYS + ".1 to the agreement's key (base64, at least "
                                    + BlindIndex.MIN_KEY_BYTES + " random bytes, the same at every partner)");
        }
        SortedMap<Integer, BlindIndex> parsed = new TreeMap<>();
        for (Map.Entry<String, String> entry : configured.entrySet()) {
            int version;
            try {
                version = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1 || version > MAX_VERSION) {
                throw new InvalidBlindIndexKeyException(
                        KEYS + "." + entry.getKey() + ": the key version must be a number from 1 to " + MAX_VERSION);
            }
            try {
                parsed.put(version, new BlindIndex(entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidBlindIndexKeyException(KEYS + "." + entry.getKey() + ": " + e.getMessage());
            }
        }
        if (parsed.size() > MAX_VERSIONS) {
            throw new InvalidBlindIndexKeyException("at most " + MAX_VERSIONS + " blind-index key versions at once");
        }
        return parsed;
    }

    /** The key versions held, oldest first. */
    public SortedSet<Integer> versions() {
        return new TreeSet<>(require().keySet());
    }

    /** Hex form of the keyed hash under one version, as stored and compared. */
    public String hash(int version, String kind, String normalisedValue) {
        BlindIndex key = require().get(version);
        if (key == null) {
            throw new IllegalArgumentException("no blind-index key version " + version);
        }
        return HexFormat.of().formatHex(key.hash(kind, normalisedValue));
    }

    /** The identifier's keyed hash under every version held. */
    public List<VersionedHash> hashes(String kind, String normalisedValue) {
        List<VersionedHash> hashes = new ArrayList<>();
        require()
                .forEach((version, key) -> hashes.add(
                        new VersionedHash(version, HexFormat.of().formatHex(key.hash(kind, normalisedValue)))));
        return hashes;
    }

    /** The fingerprint of the key of this version (see {@link BlindIndex#fingerprint()}). */
    public String fingerprint(int version) {
        return require().get(version).fingerprint();
    }

    /** The blind-index settings cannot be used; the message names the setting. */
    public static class InvalidBlindIndexKeyException extends IllegalStateException {
        public InvalidBlindIndexKeyException(String message) {
            super(message);
        }
    }
}
