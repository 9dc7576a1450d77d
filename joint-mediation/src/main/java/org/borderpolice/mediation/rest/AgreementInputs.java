package org.borderpolice.mediation.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.StorableTime;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.ConfirmationStatus;
import org.borderpolice.mediation.FollowUpMethod;
import org.borderpolice.mediation.SignatureMethod;
import org.borderpolice.mediation.service.AgreementService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the agreement endpoints (the rules themselves are the service's). */
public final class AgreementInputs {

    private AgreementInputs() {}

    @Schema(name = "AgreementRequest", description = "调解协议 Terms, money and instalments of a draft agreement")
    public record AgreementRequest(
            @Schema(description = "协议内容 What the parties agreed, paragraphs on separate lines", required = true)
            @NotNull
            @Size(max = AgreementService.MAX_TERMS)
            String terms,

            @Schema(description = "协议金额 (元, exact, 0 if nothing is paid)", required = true) @NotNull
            BigDecimal totalAmount,

            @Schema(description = "协议日期, today if not given")
            LocalDate agreedOn,

            @Schema(
                    description =
                            "分期履行: instalments adding up to the total, on later and later dates; none: paid at once")
            @Size(max = AgreementRules.MAX_INSTALMENTS)
            List<@Valid @NotNull InstalmentRequest> instalments,

            @Schema(description = "调解员 Mediators as printed under the agreement (e.g. 王建国（坛石派出所）); the caller if none")
            @Size(max = AgreementService.MAX_MEDIATORS)
            List<@NotNull String> mediators) {

        AgreementService.AgreementDraft toDraft() {
            return new AgreementService.AgreementDraft(
                    terms,
                    totalAmount,
                    agreedOn,
                    instalments == null
                            ? List.of()
                            : instalments.stream()
                                    .map(i -> new AgreementRules.PlannedInstalment(i.dueOn(), i.amount()))
                                    .toList(),
                    mediators);
        }
    }

    @Schema(name = "InstalmentRequest")
    public record InstalmentRequest(
            @Schema(description = "履行期限", required = true) @NotNull
            LocalDate dueOn,

            @Schema(description = "金额 (元)", required = true) @NotNull
            BigDecimal amount) {}

    @Schema(name = "SignatureRequest", description = "当事人签名 A party signed the printed agreement")
    public record SignatureRequest(
            @Schema(description = "当事人序号 The party's position in the dispute", required = true) @NotNull
            Integer partyPosition,

            @Schema(description = "签名方式", required = true) @NotNull
            SignatureMethod method,

            @Schema(description = "签名时间, now if not given") @StorableTime
            Instant signedAt,

            @Schema(
                    description = "SHA-256 of the document the party signed: the agreement's current one",
                    required = true)
            @NotNull
            @Pattern(regexp = "[0-9a-fA-F]{64}")
            String documentSha256) {}

    @Schema(name = "PaymentRequest", description = "履行 A payment towards an instalment")
    public record PaymentRequest(
            @Schema(description = "金额 (元)", required = true) @NotNull
            BigDecimal amount,

            @Schema(description = "支付日期", required = true) @NotNull
            LocalDate paidOn) {}

    @Schema(name = "ConfirmationRequest", description = "申请司法确认")
    public record ConfirmationRequest(
            @Schema(description = "受理法院, e.g. 江山市人民法院", required = true) @NotNull
            String court,

            @Schema(description = "申请日期, today if not given")
            LocalDate requestedOn) {}

    @Schema(name = "ConfirmationResultRequest", description = "司法确认结果")
    public record ConfirmationResultRequest(
            @Schema(description = "CONFIRMED 确认有效 or REJECTED 驳回", required = true) @NotNull
            ConfirmationStatus result,

            @Schema(description = "裁定日期", required = true) @NotNull
            LocalDate decidedOn,

            @Schema(description = "裁定书文号, e.g. (2026)浙0881民特123号")
            String reference) {}

    @Schema(name = "FollowUpRequest", description = "回访")
    public record FollowUpRequest(
            @Schema(description = "回访日期", required = true) @NotNull
            LocalDate visitedOn,

            @Schema(description = "VISIT 上门, PHONE 电话, ONLINE 视频", required = true) @NotNull
            FollowUpMethod method,

            @Schema(description = "当事人满意 (false if not given)")
            Boolean satisfied,

            @Schema(description = "纠纷反复: raises the dispute's 民转刑 risk")
            boolean recurred,

            @Schema(description = "回访情况") @Size(max = AgreementService.MAX_NOTE)
            String note) {}
}
