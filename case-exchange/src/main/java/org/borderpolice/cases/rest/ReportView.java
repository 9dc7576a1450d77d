package org.borderpolice.cases.rest;

import java.time.Instant;

import org.borderpolice.cases.service.CaseReports;
import org.borderpolice.federation.transfer.TransferView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "接报 A report taken here, the case it was filed as and the offer made of it")
public record ReportView(
        @Schema(description = "接报时间 When the report was taken")
        Instant reportedAt,

        @Schema(description = "管辖辖区 The competent jurisdiction it was offered to")
        String competent,

        @Schema(description = "接报人 Who took it") String takenBy,
        @Schema(description = "接报单位 Their unit") String takenUnit,

        @Schema(description = "受理案件 Our case it was filed as (closed, read-only once accepted)")
        CaseView filed,

        @Schema(description = "移交 The offer and its answer (ACCEPTED with the successor, or DECLINED with a reason)")
        TransferView offer) {

    static ReportView of(CaseReports.Taken t) {
        return new ReportView(
                t.report().reportedAt(),
                t.report().competent(),
                t.report().takenBy(),
                t.report().takenUnit(),
                CaseView.of(t.filed()),
                t.offer());
    }
}
