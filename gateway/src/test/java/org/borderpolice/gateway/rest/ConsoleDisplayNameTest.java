package org.borderpolice.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The console header's name of the user: Chinese order for Han names, the token's name otherwise. */
class ConsoleDisplayNameTest {

    @Test
    void aHanNameIsFamilyThenGivenWithoutASpace() {
        assertEquals("徐丽", ConsoleSessionResource.displayName("丽 徐", "徐", "丽"));
        assertEquals("欧阳建国", ConsoleSessionResource.displayName("建国 欧阳", "欧阳", "建国"));
    }

    @Test
    void otherNamesAreTheTokensName() {
        assertEquals("Li Xu", ConsoleSessionResource.displayName("Li Xu", "Xu", "Li"));
        assertEquals("丽 徐", ConsoleSessionResource.displayName("丽 徐", null, "丽"));
        assertEquals("丽", ConsoleSessionResource.displayName("丽", "", "丽"));
        assertEquals(null, ConsoleSessionResource.displayName(null, null, null));
    }
}
