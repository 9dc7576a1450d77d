package org.borderpolice.federation.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** What a refused caller's token claims, read without trusting it, for the audit entry. */
class RefusedAccessTest {

    static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void theClaimsOfAPresentedTokenAreNamed() {
        String claimed = RefusedAccess.claimedBy("Bearer " + jwt(
                "{\"iss\":\"https://idp.330822.example\",\"sub\":\"officer-9\",\"jurisdiction\":\"330822\",\"exp\":1}"));
        assertEquals("{iss=\"https://idp.330822.example\", sub=\"officer-9\", jurisdiction=\"330822\"}", claimed);
    }

    @Test
    void noTokenOrAnUnreadableOne() {
        assertNull(RefusedAccess.claimedBy(null));
        assertNull(RefusedAccess.claimedBy("Basic dXNlcjpwdw=="));
        assertEquals("(not a JWT)", RefusedAccess.claimedBy("Bearer opaque"));
        assertEquals("(unreadable token)", RefusedAccess.claimedBy("Bearer a.!!!.c"));
        assertTrue(RefusedAccess.claimedBy("Bearer " + jwt("{\"sub\":\"" + "x".repeat(500) + "\"}")).length() < 260,
                "a claim is clipped");
    }
}
