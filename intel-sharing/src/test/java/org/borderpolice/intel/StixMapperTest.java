package org.borderpolice.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.borderpolice.federation.validation.RecordIds;
import org.borderpolice.federation.validation.SubjectKind;
import org.borderpolice.intel.mapping.StixMapper;
import org.junit.jupiter.api.Test;

/** The STIX 2.1 bundle against the rules of OASIS's schemas that our export could break. */
class StixMapperTest {

    /** OASIS cti-stix2-json-schemas, schemas/common/identifier.json: a UUID of version 1 to 5. */
    static final Pattern IDENTIFIER = Pattern.compile(
            "^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");

    static Alert alert(List<Subject> subjects) {
        Alert a = new Alert();
        a.id = RecordIds.create("330881");
        a.origin = "330881";
        a.issuingUnit = "坛石派出所";
        a.category = AlertCategory.SMUGGLING;
        a.severity = Severity.RED;
        a.title = "走私烟草车辆预警";
        a.body = "一辆白色厢式货车";
        a.subjects = new ArrayList<>(subjects);
        a.validFrom = Instant.parse("2026-12-01T00:00:00Z");
        a.handling = HandlingCode.GENERAL;
        a.sourceReliability = "B";
        a.informationCredibility = 2;
        a.version = 1;
        a.publishedAt = Instant.parse("2026-12-01T01:00:00Z");
        a.updatedAt = a.publishedAt;
        return a;
    }

    @Test
    void everyIdentifierIsAStixIdentifierAlthoughRecordIdsAreVersion8() {
        Alert a = alert(List.of(new Subject(SubjectKind.VEHICLE, "浙H12345", null)));
        assertEquals(8, a.id.version());
        Map<String, Object> bundle = StixMapper.bundle(List.of(a), Map.of("330881", "江山市公安局"));
        List<String> ids = new ArrayList<>();
        collectIdentifiers(bundle, ids);
        assertTrue(ids.size() >= 5, ids.toString());
        for (String id : ids) {
            assertTrue(IDENTIFIER.matcher(id).matches(), id);
        }
        // stable per alert, distinct between alerts; the record id stays in external_references
        assertEquals(StixMapper.reportId(a), StixMapper.reportId(a));
        assertNotEquals(StixMapper.reportId(a), StixMapper.reportId(alert(List.of())));
        assertTrue(bundle.toString().contains("330881/" + a.id), bundle.toString());
    }

    @Test
    void noListIsEmpty() {
        Map<String, Object> bundle = StixMapper.bundle(List.of(alert(List.of())), Map.of("330881", "江山市公安局"));
        assertFalse(hasEmptyList(bundle), bundle.toString());
        assertFalse(bundle.toString().contains("x_border_subjects"), bundle.toString());
    }

    /** Every id, *_ref and *_refs value in the bundle. */
    @SuppressWarnings("unchecked")
    static void collectIdentifiers(Object node, List<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String k = (String) key;
                if (k.equals("id") || k.endsWith("_ref")) {
                    into.add((String) value);
                } else if (k.endsWith("_refs")) {
                    into.addAll((List<String>) value);
                } else {
                    collectIdentifiers(value, into);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectIdentifiers(item, into));
        }
    }

    static boolean hasEmptyList(Object node) {
        if (node instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(StixMapperTest::hasEmptyList);
        }
        if (node instanceof List<?> list) {
            return list.isEmpty() || list.stream().anyMatch(StixMapperTest::hasEmptyList);
        }
        return false;
    }
}
