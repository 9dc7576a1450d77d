package org.borderpolice.mediation.rest;

import java.time.Instant;
import java.util.UUID;

import org.borderpolice.mediation.SessionAttendance;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "出席情况 One attendee's attendance, a record of the jurisdiction that recorded it")
public record AttendanceView(
        UUID sessionId,
        @Schema(description = "MEDIATOR 调解员 or PARTY 当事人") SessionAttendance.Kind kind,
        @Schema(description = "调解员ID, or party-<position>") String attendee,
        @Schema(description = "出席 Present") boolean present,
        @Schema(description = "备注 Remark") String remark,

        @Schema(description = "记录辖区 The recording jurisdiction")
        String jurisdiction,

        @Schema(description = "记录人 Recorded by") String recordedBy,
        @Schema(description = "记录时间 Recorded at") Instant recordedAt,
        @Schema(description = "版本 Version") long version) {

    static AttendanceView of(SessionAttendance a) {
        return new AttendanceView(
                a.sessionId,
                a.attendeeKind,
                a.attendee,
                a.present,
                a.remark,
                a.jurisdiction,
                a.recordedBy,
                a.recordedAt,
                a.version);
    }
}
