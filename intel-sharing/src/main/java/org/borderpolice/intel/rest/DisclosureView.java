package org.borderpolice.intel.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.borderpolice.intel.DisclosureRequest;
import org.borderpolice.intel.mapping.Times;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DisclosureRequest", description = "披露申请 A disclosure request and its answer")
public record DisclosureView(
        UUID id,
        @Schema(description = "申请辖区 Requester") String requester,
        @Schema(description = "预警所属辖区 Owner") String owner,
        UUID alertId,
        String reason,
        String requestedBy,
        String unit,
        OffsetDateTime requestedAt,
        @Schema(description = "批复期限 Answer due by") OffsetDateTime deadline,
        DisclosureRequest.Status status,

        @Schema(description = "已逾期 Pending past its deadline")
        boolean overdue,

        String answeredBy,
        OffsetDateTime answeredAt,
        String answerReason) {

    static DisclosureView of(DisclosureRequest r) {
        return new DisclosureView(
                r.id,
                r.requester,
                r.owner,
                r.alertId,
                r.reason,
                r.requestedBy,
                r.unit,
                Times.time(r.requestedAt),
                Times.time(r.deadline),
                r.status,
                r.overdue(Instant.now()),
                r.answeredBy,
                Times.time(r.answeredAt),
                r.answerReason);
    }
}
