package org.borderpolice.federation.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StrictBooleansTest {

    @Test
    void trueAndFalseOnly() {
        assertEquals(Boolean.TRUE, StrictBooleans.parse("true", true));
        assertEquals(Boolean.TRUE, StrictBooleans.parse("TRUE", false));
        assertEquals(Boolean.FALSE, StrictBooleans.parse("false", true));
        for (String refused : new String[] {"maybe", "1", "0", "yes", "", " true", "on"}) {
            assertThrows(IllegalArgumentException.class, () -> StrictBooleans.parse(refused, true), refused);
        }
        assertEquals(Boolean.FALSE, StrictBooleans.parse(null, true));
        assertNull(StrictBooleans.parse(null, false));
    }
}
