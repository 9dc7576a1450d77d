package org.borderpolice.federation.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One record of the directory as read: who owns it, its version, and what it says.
 *
 * @param <T> what it says ({@link Liaison})
 */
// no class-level @Schema: the generic record itself would become an unused component next to its
// instances (EntryUnit, PageUnit, ...), which the OpenAPI lint refuses
public record Entry<T>(
        @Schema(description = "编号 Id") UUID id,

        @Schema(description = "所属辖区 The jurisdiction that owns it (its organiser, its chair for minutes)")
        String origin,

        @Schema(description = "版本 Version") long version,
        @Schema(description = "登记时间 Entered at (here)") Instant createdAt,
        @Schema(description = "更新时间 Last changed at") Instant updatedAt,
        @Schema(description = "内容 What it says") T record) {

    /** A page of records, newest first. */
    public record Page<T>(
            List<Entry<T>> items,

            @Schema(description = "下一页游标 Cursor of the next page; absent on the last")
            String nextCursor) {}
}
