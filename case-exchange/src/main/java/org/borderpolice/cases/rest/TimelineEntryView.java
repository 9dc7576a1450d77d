package org.borderpolice.cases.rest;

import java.time.Instant;
import java.util.UUID;

import org.borderpolice.cases.CaseStatus;
import org.borderpolice.cases.EntryKind;
import org.borderpolice.cases.TimelineEntry;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "时间线条目 A timeline entry")
public record TimelineEntryView(
        UUID id,

        @Schema(
                description = "类型 CREATED 创建, STATUS_CHANGED 状态变更, EDITED 修改, INVITED 邀请, ACCEPTED 接受, "
                        + "DECLINED 拒绝, REMOVED 移出, NOTE 备注")
        EntryKind kind,

        @Schema(description = "所属辖区 Jurisdiction that did it")
        String authorJurisdiction,

        @Schema(description = "民警 Officer") String author,
        @Schema(description = "单位 Unit") String unit,

        @Schema(description = "内容 Note, reason, or what changed")
        String text,

        @Schema(description = "原状态 From status") CaseStatus statusFrom,
        @Schema(description = "新状态 To status") CaseStatus statusTo,

        @Schema(description = "相关参与辖区 Participant concerned")
        String participant,

        @Schema(description = "参与辖区备注编号 Id of the participant's note shown")
        UUID noteId,

        @Schema(description = "时间 When") Instant occurredAt,

        @Schema(description = "待确认 Our own note the case's owner has not confirmed yet")
        boolean pending) {

    static TimelineEntryView of(TimelineEntry e) {
        return new TimelineEntryView(
                e.id,
                e.kind,
                e.authorJurisdiction,
                e.author,
                e.unit,
                e.text,
                e.statusFrom,
                e.statusTo,
                e.participant,
                e.noteId,
                e.occurredAt,
                e.pending);
    }
}
