package org.borderpolice.federation.notifications;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "通知 A notification: something that needs the user")
public record Notification(
        @Schema(description = "编号 Id, increasing; a stream's event id (Last-Event-ID) and the list's after=")
        long id,

        @Schema(
                description = "类型 What happened",
                examples = "alert.acknowledgement-due",
                enumeration = {
                    "alert.acknowledgement-due",
                    "assistance.received",
                    "assistance.due-soon",
                    "mediation.session-tomorrow"
                })
        String kind,

        @Schema(description = "记录类型 Record type", examples = "intel.alert")
        String recordType,

        @Schema(description = "记录编号 Record id") String recordId,

        @Schema(description = "标题 Short title", examples = "浦城 红色预警待签收：走私香烟")
        String title,

        @Schema(description = "时间 When it was written") Instant createdAt) {}
