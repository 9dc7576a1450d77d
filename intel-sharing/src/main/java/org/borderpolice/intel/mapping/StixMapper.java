package org.borderpolice.intel.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.borderpolice.intel.Alert;
import org.borderpolice.intel.HandlingCode;
import org.borderpolice.intel.Subject;

/**
 * Alerts as a STIX 2.1 bundle: each alert a {@code report} created by the issuing jurisdiction's
 * {@code identity}, marked with the TLP definition that matches its handling code.
 */
public final class StixMapper {

    /** TLP marking definitions predefined by STIX 2.1 (section 7.2.1.4). */
    static final Map<String, String> TLP = Map.of(
            "green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            "red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");
    /** Namespace for deterministic identity ids (STIX recommends UUIDv5). */
    static final UUID NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    private StixMapper() {}

    public static String tlp(HandlingCode handling) {
        return switch (handling) {
            case GENERAL -> "green";
            case RESTRICTED, CONFIDENTIAL -> "amber";
            case HIT_ONLY -> "red";
        };
    }

    public static Map<String, Object> bundle(List<Alert> alerts, Map<String, String> jurisdictionNames) {
        List<Object> objects = new ArrayList<>();
        Map<String, Map<String, Object>> identities = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            identities.computeIfAbsent(
                    alert.origin, code -> identity(code, jurisdictionNames.getOrDefault(code, code)));
        }
        objects.addAll(identities.values());
        for (String colour :
                alerts.stream().map(a -> tlp(a.handling)).distinct().sorted().toList()) {
            objects.add(marking(colour));
        }
        for (Alert alert : alerts) {
            objects.add(report(alert, (String) identities.get(alert.origin).get("id")));
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("type", "bundle");
        bundle.put("id", "bundle--" + UUID.randomUUID());
        bundle.put("objects", objects);
        return bundle;
    }

    static Map<String, Object> identity(String code, String name) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "identity");
        o.put("spec_version", "2.1");
        o.put("id", "identity--" + uuid5(NAMESPACE, "jurisdiction:" + code));
        o.put("created", "2026-01-01T00:00:00.000Z");
        o.put("modified", "2026-01-01T00:00:00.000Z");
        o.put("name", name);
        o.put("identity_class", "organization");
        o.put("sectors", List.of("government-public-services"));
        o.put("x_border_jurisdiction", code);
        return o;
    }

    static Map<String, Object> marking(String colour) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "marking-definition");
        o.put("spec_version", "2.1");
        o.put("id", TLP.get(colour));
        o.put("created", "2017-01-20T00:00:00.000Z");
        o.put("definition_type", "tlp");
        o.put("name", "TLP:" + colour.toUpperCase(java.util.Locale.ROOT));
        o.put("definition", Map.of("tlp", colour));
        return o;
    }

    static Map<String, Object> report(Alert a, String identityId) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "report");
        o.put("spec_version", "2.1");
        o.put("id", reportId(a));
        o.put("created_by_ref", identityId);
        o.put("created", time(a.publishedAt));
        o.put("modified", time(a.updatedAt));
        o.put("name", a.title);
        o.put("description", a.body);
        o.put("report_types", List.of("threat-report"));
        o.put("published", time(a.publishedAt));
        o.put("object_refs", List.of(identityId));
        o.put(
                "labels",
                List.of(
                        a.category.name().toLowerCase(java.util.Locale.ROOT),
                        "severity-" + a.severity.name().toLowerCase(java.util.Locale.ROOT)));
        // information credibility 1 (confirmed) .. 4 (doubtful) as STIX confidence 0-100
        o.put("confidence", (5 - a.informationCredibility) * 25);
        o.put("object_marking_refs", List.of(TLP.get(tlp(a.handling))));
        o.put(
                "external_references",
                List.of(Map.of(
                        "source_name", "border-police-cooperation-suite", "external_id", a.origin + "/" + a.id)));
        if (a.revokedAt != null) {
            o.put("revoked", true);
        }
        o.put("x_border_severity", a.severity.name());
        o.put("x_border_source_reliability", a.sourceReliability);
        o.put("x_border_valid_from", time(a.validFrom));
        if (a.validUntil != null) {
            o.put("x_border_valid_until", time(a.validUntil));
        }
        List<Map<String, String>> subjects = new ArrayList<>();
        for (Subject s : a.subjects) {
            Map<String, String> subject = new LinkedHashMap<>();
            subject.put("kind", s.kind().name());
            subject.put("value", s.value());
            if (s.label() != null) {
                subject.put("label", s.label());
            }
            subjects.add(subject);
        }
        // STIX forbids empty lists: an alert without subjects has no such property
        if (!subjects.isEmpty()) {
            o.put("x_border_subjects", subjects);
        }
        return o;
    }

    /**
     * The alert's report id: a version-5 UUID of its origin and id. STIX identifiers carry a UUID
     * of version 1 to 5, and record ids are version 8 (they name their creator); the alert's own
     * id stays in external_references.
     */
    public static String reportId(Alert a) {
        return "report--" + uuid5(NAMESPACE, "alert:" + a.origin + "/" + a.id);
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** RFC 4122 version-5 UUID. */
    static UUID uuid5(UUID namespace, String name) {
        try {
            var sha1 = java.security.MessageDigest.getInstance("SHA-1");
            java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16);
            ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
            sha1.update(ns.array());
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] h = sha1.digest();
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
