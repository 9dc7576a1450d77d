package org.borderpolice.mediation.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.MediatorKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调解员 A mediator of the directory (ours or a partner's)")
public record MediatorView(
        UUID id,

        @Schema(description = "所属辖区 The jurisdiction the mediator belongs to")
        String origin,

        @Schema(description = "类别 Kind") MediatorKind kind,

        @Schema(description = "类别名称 Kind in Chinese", examples = "洋娘舅")
        String kindLabel,

        @Schema(description = "姓名 Name") String name,
        @Schema(description = "单位 Unit") String unit,
        @Schema(description = "国籍 Nationality") String nationality,
        @Schema(description = "语言 Languages") List<String> languages,
        @Schema(description = "账号 User") String account,
        @Schema(description = "在岗 Active") boolean active,
        @Schema(description = "版本 Version") long version,
        @Schema(description = "更新时间 Updated at") Instant updatedAt) {

    static MediatorView of(Mediator m) {
        return new MediatorView(
                m.id,
                m.origin,
                m.kind,
                m.kind.label,
                m.name,
                m.unit,
                m.nationality,
                List.of(m.languages),
                m.account,
                m.active,
                m.version,
                m.updatedAt);
    }
}
