package org.borderpolice.federation.directory;

import java.util.List;

/**
 * The chair of joint meetings rotates (轮值) through the agreement's parties in their order: the
 * next chair is the party after the one that chaired the latest meeting; the first meeting, or
 * one after a chair no longer a party, starts with the first party.
 */
public final class ChairRotation {

    private ChairRotation() {}

    /**
     * @param parties the agreement's parties, in rotation order (not empty)
     * @param chairs  the chairs of the meetings held so far, oldest first
     */
    public static String next(List<String> parties, List<String> chairs) {
        if (parties.isEmpty()) {
            throw new IllegalArgumentException("no parties to rotate through");
        }
        for (int i = chairs.size() - 1; i >= 0; i--) {
            int at = parties.indexOf(chairs.get(i));
            if (at >= 0) {
                return parties.get((at + 1) % parties.size());
            }
        }
        return parties.get(0);
    }
}
