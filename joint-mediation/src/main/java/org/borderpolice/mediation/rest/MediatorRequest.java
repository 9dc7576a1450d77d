package org.borderpolice.mediation.rest;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.borderpolice.mediation.MediatorKind;
import org.borderpolice.mediation.MediatorProfile;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "调解员 A mediator of this jurisdiction, as registered or changed")
public record MediatorRequest(
        @Schema(description = "类别 POLICE 民警, JUDICIAL_OFFICE 司法所, COMMUNITY 老娘舅, FOREIGN_NATIONAL 洋娘舅, " + "LAWYER 律师")
        @NotNull
        MediatorKind kind,

        @Schema(description = "姓名 Name", examples = "罗漫") @NotNull @Size(max = MediatorProfile.NAME)
        String name,

        @Schema(description = "单位 Unit", examples = "三山边界社会治理中心") @NotNull @Size(max = MediatorProfile.UNIT)
        String unit,

        @Schema(description = "国籍 Nationality, ISO 3166-1 alpha-2 (洋娘舅: required, not CN)", examples = "AZ")
        @Size(max = 2)
        String nationality,

        @Schema(description = "语言 Languages, BCP 47 tags (default: zh)", examples = "[\"ru\", \"az\", \"zh\"]")
        @Size(max = MediatorProfile.MAX_LANGUAGES)
        List<@NotNull @Size(max = 35) String> languages,

        @Schema(description = "账号 The mediator's user (token subject) here, who writes their session notes")
        @Size(max = MediatorProfile.ACCOUNT)
        String account,

        @Schema(description = "在岗 Active (default true); an inactive mediator joins no team")
        Boolean active) {

    MediatorProfile toProfile() {
        return MediatorProfile.of(kind, name, unit, nationality, languages, account, active == null || active);
    }
}
