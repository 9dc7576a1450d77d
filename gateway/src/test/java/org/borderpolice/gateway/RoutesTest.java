package org.borderpolice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which service answers a path, and which paths are refused as ambiguous. */
class RoutesTest {

    static Routes routes() {
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        prefixes.put("case-exchange", List.of("/api/v1/cases", "/api/v1/case-reports/"));
        prefixes.put("intel-sharing", List.of("/api/v1/alerts"));
        prefixes.put("special", List.of("/api/v1/cases/special"));
        return new Routes(prefixes);
    }

    @Test
    void matchesWholeSegmentsAndTheLongestPrefix() {
        Routes routes = routes();
        assertEquals(new Routes.Target("case-exchange", "/api/v1/cases"), routes.match("/api/v1/cases"));
        assertEquals(
                new Routes.Target("case-exchange", "/api/v1/cases/x/files"), routes.match("/api/v1/cases/x/files"));
        assertEquals(new Routes.Target("case-exchange", "/api/v1/case-reports"), routes.match("/api/v1/case-reports"));
        assertEquals("special", routes.match("/api/v1/cases/special/1").service());
        assertNull(routes.match("/api/v1/cases-x"));
        assertNull(routes.match("/api/v1/casesx/1"));
        assertNull(routes.match("/api/v1/federation/transfers"));
        assertNull(routes.match("/api/v1/gateway/caller"));
    }

    @Test
    void routesAServiceByItsName() {
        Routes routes = routes();
        assertEquals(
                new Routes.Target("intel-sharing", "/api/v1/federation/transfers"),
                routes.match("/api/v1/services/intel-sharing/federation/transfers"));
        assertNull(routes.match("/api/v1/services/unknown/federation/transfers"));
        assertNull(routes.match("/api/v1/services/intel-sharing/"));
        assertNull(routes.match("/api/v1/services/intel-sharing"));
        assertNull(routes.owner("/api/v1/services/intel-sharing/alerts"));
        assertEquals("intel-sharing", routes.owner("/api/v1/alerts/{id}"));
    }

    @Test
    void refusesPrefixesOutsideTheApiOrTwice() {
        assertThrows(IllegalArgumentException.class, () -> new Routes(Map.of("x", List.of("/q/health"))));
        assertThrows(IllegalArgumentException.class, () -> new Routes(Map.of("x", List.of("/api/v1/services/y"))));
        Map<String, List<String>> twice = new LinkedHashMap<>();
        twice.put("a", List.of("/api/v1/cases"));
        twice.put("b", List.of("/api/v1/cases/"));
        assertThrows(IllegalArgumentException.class, () -> new Routes(twice));
    }

    @Test
    void ambiguousPaths() {
        for (String path : List.of(
                "/api/v1/cases/../federation/outbox",
                "/api/v1/cases/%2e%2e/x",
                "/api/v1/cases/%2E./x",
                "/api/v1/cases/./x",
                "/api/v1/cases/x%2fy",
                "/api/v1/cases/x%5Cy",
                "/api/v1/cases//x",
                "/api/v1/cases/..")) {
            assertTrue(Routes.ambiguous(path), path);
        }
        for (String path : List.of("/api/v1/cases/a.b", "/api/v1/cases/...", "/api/v1/cases/%E8%B5%B0")) {
            assertFalse(Routes.ambiguous(path), path);
        }
    }

    @Test
    void requestIds() {
        assertEquals("abc-1.2_3:4", RequestIds.of("abc-1.2_3:4"));
        for (String bad : new String[] {null, "", "a b", "x".repeat(129), "é", "a\r\nX-Evil: 1"}) {
            String id = RequestIds.of(bad);
            assertTrue(id.matches("[0-9a-f-]{36}"), id);
        }
    }
}
