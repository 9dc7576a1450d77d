package org.borderpolice.mediation.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.mediation.SessionMode;
import org.borderpolice.mediation.SessionPlan;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调解会安排 A session as scheduled")
public record SessionRequest(
        @Schema(description = "开始时间 Starts at", examples = "2026-12-10T09:00:00+08:00") @NotNull @StorableTime
        OffsetDateTime startsAt,

        @Schema(description = "结束时间 Ends at (at most 12 hours later)", examples = "2026-12-10T11:00:00+08:00")
        @NotNull
        @StorableTime
        OffsetDateTime endsAt,

        @Schema(description = "方式 OFFLINE 线下 or ONLINE 线上") @NotNull
        SessionMode mode,

        @Schema(description = "地点 Place (required in person)", examples = "三山边界社会治理中心") @Size(max = SessionPlan.PLACE)
        String place,

        @Schema(description = "调解员 Mediators of the team taking part")
        @NotNull
        @Size(min = 1, max = SessionPlan.MAX_MEDIATORS)
        List<@NotNull UUID> mediators) {

    SessionPlan toPlan() {
        return SessionPlan.of(startsAt.toInstant(), endsAt.toInstant(), mode, place, mediators);
    }
}
