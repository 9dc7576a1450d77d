package org.borderpolice.mediation.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.AgreementStatus;
import org.borderpolice.mediation.ConfirmationStatus;
import org.borderpolice.mediation.FollowUpMethod;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.SignatureMethod;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Agreement", description = "调解协议 A dispute's mediation agreement")
public record AgreementView(
        UUID id,
        @Schema(description = "纠纷ID") UUID disputeId,

        @Schema(description = "协议所属辖区 The dispute's origin, which keeps the agreement")
        String origin,

        @Schema(description = "DRAFT 拟定, SIGNED 已生效 (every party signed), FULFILLED 履行完毕")
        AgreementStatus status,

        @Schema(description = "协议内容") String terms,
        @Schema(description = "协议金额 (元, exact)") BigDecimal totalAmount,
        @Schema(description = "协议日期") LocalDate agreedOn,

        @Schema(description = "生效日期: the day the last party signed")
        LocalDate effectiveOn,

        @Schema(description = "协议书 SHA-256 of the printed document (GET …/agreement/document)")
        String documentSha256,

        @Schema(description = "分期履行") List<InstalmentView> instalments,
        @Schema(description = "当事人签名") List<SignatureView> signatures,
        @Schema(description = "司法确认") ConfirmationView confirmation,
        @Schema(description = "回访") List<FollowUpView> followUps,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public record InstalmentView(
            int number,
            @Schema(description = "履行期限") LocalDate dueOn,
            @Schema(description = "应付 (元)") BigDecimal amount,
            @Schema(description = "已付 (元)") BigDecimal paid,

            @Schema(description = "逾期天数 days overdue today after the grace days, 0 if not")
            long daysOverdue,

            List<PaymentView> payments) {}

    public record PaymentView(BigDecimal amount, LocalDate paidOn, String recordedBy, Instant recordedAt) {}

    public record SignatureView(
            @Schema(description = "当事人序号 The party's position in the dispute")
            int partyPosition,

            @Schema(description = "签名方式") SignatureMethod method,
            Instant signedAt,
            String documentSha256) {}

    public record ConfirmationView(
            @Schema(description = "NONE, REQUESTED 已申请, CONFIRMED 确认有效, REJECTED 驳回")
            ConfirmationStatus status,

            @Schema(description = "受理法院") String court,
            LocalDate requestedOn,
            LocalDate decidedOn,
            @Schema(description = "裁定书文号") String reference) {}

    /** The agreement as held here; {@code self}: our jurisdiction, to tell visits the origin relayed. */
    public static AgreementView of(Agreement a, int graceDays, String self) {
        LocalDate today = AgreementRules.today();
        return new AgreementView(
                a.id,
                a.disputeId,
                a.origin,
                a.status,
                a.terms,
                a.totalAmount,
                a.agreedOn,
                a.effectiveOn,
                a.documentSha256,
                a.instalments.stream()
                        .map(i -> new InstalmentView(
                                i.number,
                                i.dueOn,
                                i.amount,
                                i.paid,
                                a.status == AgreementStatus.SIGNED ? i.daysOverdue(today, graceDays) : 0,
                                i.payments.stream()
                                        .map(p -> new PaymentView(p.amount, p.paidOn, p.recordedBy, p.recordedAt))
                                        .toList()))
                        .toList(),
                a.signatures.stream()
                        .map(s -> new SignatureView(s.partyPosition, s.method, s.signedAt, s.documentSha256))
                        .toList(),
                new ConfirmationView(
                        a.confirmation,
                        a.court,
                        a.confirmationRequestedOn,
                        a.confirmationDecidedOn,
                        a.confirmationReference),
                a.followUps.stream()
                        .map(v -> FollowUpView.of(v, FollowUpView.relayer(v, a.origin, self)))
                        .toList(),
                a.version,
                a.createdAt,
                a.updatedAt);
    }

    @Schema(name = "FollowUp", description = "回访 A follow-up visit")
    public record FollowUpView(
            UUID id,
            @Schema(description = "回访辖区") String authorJurisdiction,
            @Schema(description = "回访人") String visitor,
            String unit,
            LocalDate visitedOn,
            FollowUpMethod method,
            @Schema(description = "当事人满意") boolean satisfied,
            @Schema(description = "纠纷反复") boolean recurred,
            String note,
            Instant writtenAt,

            @Schema(
                    description = "转报辖区 The dispute's origin, when it sent us this visit of another"
                            + " jurisdiction with the agreement: held as the origin reports it, not as its"
                            + " author sent it. null for our own visits, the origin's, and those their"
                            + " authors sent us (at the origin).")
            String relayedBy) {

        /** A visit we made, or one its author sent us. */
        public static FollowUpView of(FollowUpVisit v) {
            return of(v, null);
        }

        /**
         * Who sent us a visit its author did not: partners send their visits to the origin only, which
         * sends every visit with the agreement. So at a partner, a third jurisdiction's visit came from
         * the origin.
         */
        static String relayer(FollowUpVisit v, String origin, String self) {
            return origin.equals(self) || v.authorJurisdiction.equals(self) || v.authorJurisdiction.equals(origin)
                    ? null
                    : origin;
        }

        static FollowUpView of(FollowUpVisit v, String relayedBy) {
            return new FollowUpView(
                    v.id,
                    v.authorJurisdiction,
                    v.visitor,
                    v.unit,
                    v.visitedOn,
                    v.method,
                    v.satisfied,
                    v.recurred,
                    v.note,
                    v.writtenAt,
                    relayedBy);
        }
    }
}
