package org.borderpolice.mediation.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.mediation.SessionAttendance;
import org.borderpolice.mediation.service.AttendanceService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "出席情况 Who attended a session")
public record AttendanceRequest(@NotEmpty @Size(max = 50) List<@Valid @NotNull Entry> entries) {

    @Schema(name = "AttendanceEntry", description = "一名调解员或当事人的出席 One attendee")
    public record Entry(
            @Schema(description = "MEDIATOR 调解员 or PARTY 当事人") @NotNull
            SessionAttendance.Kind kind,

            @Schema(description = "调解员ID, or the party's position (0, 1, ...)") @NotBlank @Size(max = 36)
            String attendee,

            @Schema(description = "出席 Present") @NotNull Boolean present,

            @Schema(description = "备注 Remark (e.g. 线上参加)") @Size(max = SessionAttendance.REMARK)
            String remark) {}

    List<AttendanceService.Entry> toEntries() {
        return entries.stream()
                .map(e -> new AttendanceService.Entry(e.kind(), e.attendee().strip(), e.present(), e.remark()))
                .toList();
    }
}
