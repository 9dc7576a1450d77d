package org.borderpolice.cases.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.service.CaseHandovers;
import org.borderpolice.cases.service.CaseTransfers;
import org.borderpolice.federation.transfer.TransferView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "移交情况 Where a case stands in transfers (先受理后移交)")
public record HandoverView(
        @Schema(description = "案件ID The case") UUID caseId,
        @Schema(description = "案件编号 Its number") String number,
        @Schema(description = "立案辖区 Its owner") String origin,

        @Schema(description = "前序案件 The case it continues, or null")
        LinkedCase predecessor,

        @Schema(description = "接续案件 The case that continues it (its outcome: number and status), or null")
        LinkedCase successor,

        @Schema(description = "已受理的移交 Accepted transfers held here, with the time to acceptance")
        List<Accepted> accepted,

        @Schema(description = "移交记录 The offers made of it and their answers (the owner's users only)")
        List<TransferView> offers) {

    @Schema(description = "关联案件 A linked case")
    public record LinkedCase(
            @Schema(description = "所属辖区 Its owner") String origin,
            @Schema(description = "案件ID Its id there") String caseId,

            @Schema(description = "确认 Both cases name each other")
            boolean confirmed,

            @Schema(description = "案件编号 Its number, when the caller sees it here")
            String number,

            @Schema(description = "案件状态 Its status, when the caller sees it here")
            CaseStatus status) {}

    @Schema(description = "移交受理 An accepted transfer")
    public record Accepted(
            @Schema(description = "移交方 Who offered") String offerOrigin,
            @Schema(description = "移交编号 Offer id") UUID offerId,

            @Schema(description = "移交的案件 The case handed over")
            UUID caseId,

            @Schema(description = "接收方 Who accepted") String addressee,

            @Schema(description = "接续案件 The case that continues it")
            String successorId,

            @Schema(description = "移交时间 Offered (here: made or received)")
            Instant offeredAt,

            @Schema(description = "受理时间 Accepted (here: answered or the answer received)")
            Instant acceptedAt,

            @Schema(description = "接报时间 When the report was taken, for a report")
            Instant reportedAt,

            @Schema(description = "受理用时(秒) Seconds from the offer to the acceptance")
            long secondsToAcceptance) {}

    static HandoverView of(CaseHandovers.Handover h) {
        return new HandoverView(
                h.c().id,
                h.c().number,
                h.c().origin,
                linked(h.predecessor()),
                linked(h.successor()),
                h.accepted().stream().map(HandoverView::accepted).toList(),
                h.offers());
    }

    private static LinkedCase linked(CaseHandovers.Linked l) {
        if (l == null) {
            return null;
        }
        return new LinkedCase(
                l.link().origin(),
                l.link().recordId(),
                l.link().confirmed(),
                l.visible().map(c -> c.number).orElse(null),
                l.visible().map(c -> c.status).orElse(null));
    }

    private static Accepted accepted(CaseTransfers.Accepted a) {
        return new Accepted(
                a.offerOrigin(),
                a.offerId(),
                a.caseId(),
                a.addressee(),
                a.successorId(),
                a.offeredAt(),
                a.acceptedAt(),
                a.reportedAt(),
                Duration.between(a.offeredAt(), a.acceptedAt()).toSeconds());
    }
}
