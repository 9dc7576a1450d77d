package org.borderpolice.intel.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.borderpolice.intel.Sighting;
import org.borderpolice.intel.mapping.Times;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Sighting", description = "见到/反馈 A partner's report on an alert")
public record SightingView(
        UUID id,
        UUID alertId,
        String alertOrigin,
        @Schema(description = "报告辖区 Reporting jurisdiction") String partner,
        Sighting.Kind kind,
        OffsetDateTime observedAt,
        String place,
        String description,
        String unit,
        String reportedBy,
        OffsetDateTime reportedAt) {

    static SightingView of(Sighting s) {
        return new SightingView(
                s.id,
                s.alertId,
                s.alertOrigin,
                s.partner,
                s.kind,
                Times.time(s.observedAt),
                s.place,
                s.description,
                s.unit,
                s.reportedBy,
                Times.time(s.reportedAt));
    }
}
