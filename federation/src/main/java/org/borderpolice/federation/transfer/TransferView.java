package org.borderpolice.federation.transfer;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A transfer offer as either side sees it, with its answer once there is one. */
@Schema(description = "移交 A transfer offer and its answer")
public record TransferView(
        @Schema(description = "提出移交的辖区 Jurisdiction that made the offer (owner of the record)")
        String origin,

        @Schema(description = "移交编号 Offer id at that jurisdiction")
        String offerId,

        @Schema(description = "记录类型 Type of the offered record")
        String recordType,

        @Schema(description = "记录编号 Id of the offered record at its owner")
        String recordId,

        @Schema(description = "移交时的版本 Version of the record when offered")
        long versionOffered,

        @Schema(description = "接收辖区 Jurisdiction the record is offered to")
        String addressee,

        @Schema(description = "记录的分发范围 The record's distribution when offered")
        List<String> distribution,

        @Schema(description = "移交理由 Why") String reason,

        @Schema(description = "OFFERED or WITHDRAWN (the owner's word)")
        String state,

        @Schema(description = "ACCEPTED or DECLINED (the addressee's word), null while unanswered")
        String decision,

        @Schema(description = "接续记录 Id of the addressee's record that continues it, once accepted")
        String successorId,

        @Schema(description = "答复理由 Why, as the addressee answered")
        String answerReason,

        @Schema(description = "When the offer was made or received here")
        Instant createdAt,

        @Schema(description = "When the answer was given or received here")
        Instant answeredAt,

        @Schema(description = "已完成 Whether the owner has closed the record (known here)")
        boolean transferred) {}
