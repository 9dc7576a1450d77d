package org.borderpolice.mediation.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.MobileNumber;
import org.borderpolice.federation.validation.ResidentIdNumber;
import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.mediation.DisputeFields;
import org.borderpolice.mediation.PartyDraft;
import org.borderpolice.mediation.PartyKind;
import org.borderpolice.mediation.PartyRole;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "当事人 A party to the dispute")
public record PartyInput(
        @Schema(description = "类型 Kind: PERSON 自然人, ORGANISATION 单位") @NotNull
        PartyKind kind,

        @Schema(description = "身份 Role: APPLICANT 申请人, RESPONDENT 被申请人, THIRD_PARTY 第三人") @NotNull
        PartyRole role,

        @Schema(description = "姓名或名称 Name", examples = "毛某") @NotBlank @Size(max = DisputeFields.NAME) @SingleLine
        String name,

        @Schema(description = "所属辖区 Jurisdiction the party lives in (GB/T 2260)", examples = "350722")
        @NotBlank
        @Pattern(regexp = "[0-9]{6}", message = "must be a GB/T 2260 code")
        String jurisdiction,

        @Schema(description = "联系电话 Mobile number", examples = "13800138000") @MobileNumber
        String contact,

        @Schema(description = "首选语言 Preferred language (BCP 47; default zh)", examples = "vi") @Size(max = 35)
        String preferredLanguage,

        @Schema(description = "公民身份号码 Resident ID number (GB 11643), validated", examples = "330881199001011238")
        @ResidentIdNumber
        String idNumber) {

    PartyDraft toDraft() {
        return new PartyDraft(kind, role, name, jurisdiction, contact, preferredLanguage, idNumber);
    }
}
