package org.borderpolice.intel.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import org.borderpolice.federation.validation.SubjectKind;
import org.borderpolice.intel.AlertCategory;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Severity;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The service fingerprints the draft of an idempotent publish; a key used before the service took
 * drafts (the REST body itself) must still match a retry of the same request.
 */
class AlertDraftTest {

    // as Quarkus configures its ObjectMapper: Java time as ISO text
    private final ObjectMapper json =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aDraftSerialisesAsTheRequestItCameFrom() throws Exception {
        AlertRequest request = new AlertRequest(
                AlertCategory.SMUGGLING,
                Severity.ORANGE,
                "走私烟草车辆预警",
                "内容",
                List.of(
                        new SubjectInput(SubjectKind.PERSON, "330881199001011238", "张某"),
                        new SubjectInput(SubjectKind.VEHICLE, "浙H12345", null)),
                OffsetDateTime.parse("2026-12-01T08:00:00+08:00"),
                OffsetDateTime.parse("2026-12-31T08:00:00+08:00"),
                Set.of("350722"),
                HandlingCode.GENERAL,
                "B",
                2,
                "坛石派出所");
        assertEquals(json.writeValueAsString(request), json.writeValueAsString(request.toDraft()));

        AlertRequest bare = new AlertRequest(
                AlertCategory.SMUGGLING,
                Severity.RED,
                "t",
                "b",
                null,
                null,
                null,
                Set.of("ALL"),
                HandlingCode.HIT_ONLY,
                "A",
                1,
                null);
        assertEquals(json.writeValueAsString(bare), json.writeValueAsString(bare.toDraft()));
    }
}
