package org.borderpolice.mediation.rest;

import java.time.Instant;
import java.util.UUID;

import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.mediation.SessionNote;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调解笔记 A mediator's note (their jurisdiction's record)")
public record SessionNoteView(
        UUID id,
        @Schema(description = "调解会ID Session") UUID sessionId,

        @Schema(description = "撰写辖区 The writing mediator's jurisdiction")
        String authorJurisdiction,

        @Schema(description = "调解员ID The mediator") UUID mediatorId,
        @Schema(description = "撰写人 Author (token subject)") String author,
        @Schema(description = "笔记 Text") String text,
        @Schema(description = "撰写时间 Written at") Instant writtenAt,

        @Schema(
                description = "游标 This note's place in the arrival order here: the after= of the next poll "
                        + "(null in the writer's own answer, before it is committed)")
        String cursor) {

    static SessionNoteView of(SessionNote n) {
        return new SessionNoteView(
                n.id,
                n.sessionId,
                n.authorJurisdiction,
                n.mediatorId,
                n.author,
                n.text,
                n.writtenAt,
                n.receivedAt == null ? null : new KeysetCursor(n.receivedAt, n.id).encode());
    }
}
