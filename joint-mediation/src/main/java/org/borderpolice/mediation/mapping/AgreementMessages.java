package org.borderpolice.mediation.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.borderpolice.federation.proto.mediation.v1.AgreementProto;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.AgreementSignature;
import org.borderpolice.mediation.AgreementStatus;
import org.borderpolice.mediation.ConfirmationStatus;
import org.borderpolice.mediation.FollowUpMethod;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.Instalment;
import org.borderpolice.mediation.InstalmentPayment;
import org.borderpolice.mediation.SignatureMethod;

import com.google.protobuf.ByteString;

/** Agreements and follow-up visits to and from their messages (border/mediation/v1/agreement.proto). */
public final class AgreementMessages {

    private AgreementMessages() {}

    public static AgreementProto.Agreement toMessage(Agreement a) {
        AgreementProto.Agreement.Builder b = AgreementProto.Agreement.newBuilder()
                .setId(a.id.toString())
                .setDisputeId(a.disputeId.toString())
                .setStatus(AgreementProto.AgreementStatus.valueOf("AGREEMENT_STATUS_" + a.status.name()))
                .setTerms(a.terms)
                .setTotalAmount(yuan(a.totalAmount))
                .setAgreedOn(a.agreedOn.toString())
                .setEffectiveOn(a.effectiveOn == null ? "" : a.effectiveOn.toString())
                .setDocument(ByteString.copyFrom(a.document))
                .setDocumentSha256(a.documentSha256)
                .setConfirmation(AgreementProto.Confirmation.newBuilder()
                        .setStatus(AgreementProto.ConfirmationStatus.valueOf(
                                "CONFIRMATION_STATUS_" + a.confirmation.name()))
                        .setCourt(nullToEmpty(a.court))
                        .setRequestedOn(date(a.confirmationRequestedOn))
                        .setDecidedOn(date(a.confirmationDecidedOn))
                        .setReference(nullToEmpty(a.confirmationReference)))
                .setCreatedAt(ProtoTime.timestamp(a.createdAt))
                .setCreatedBy(nullToEmpty(a.createdBy))
                .setUpdatedAt(ProtoTime.timestamp(a.updatedAt));
        for (Instalment i : a.instalments) {
            AgreementProto.Instalment.Builder ib = AgreementProto.Instalment.newBuilder()
                    .setNumber(i.number)
                    .setDueOn(i.dueOn.toString())
                    .setAmount(yuan(i.amount))
                    .setPaid(yuan(i.paid));
            for (InstalmentPayment p : i.payments) {
                ib.addPayments(AgreementProto.Payment.newBuilder()
                        .setId(p.id.toString())
                        .setAmount(yuan(p.amount))
                        .setPaidOn(p.paidOn.toString())
                        .setRecordedBy(nullToEmpty(p.recordedBy))
                        .setRecordedAt(ProtoTime.timestamp(p.recordedAt)));
            }
            b.addInstalments(ib);
        }
        for (AgreementSignature s : a.signatures) {
            b.addSignatures(AgreementProto.Signature.newBuilder()
                    .setPartyPosition(s.partyPosition)
                    .setMethod(AgreementProto.SignatureMethod.valueOf("SIGNATURE_METHOD_" + s.method.name()))
                    .setSignedAt(ProtoTime.timestamp(s.signedAt))
                    .setDocumentSha256(s.documentSha256)
                    .setRecordedBy(nullToEmpty(s.recordedBy)));
        }
        for (FollowUpVisit v : a.followUps) {
            b.addFollowUps(toMessage(v));
        }
        return b.build();
    }

    public static AgreementProto.FollowUp toMessage(FollowUpVisit v) {
        return AgreementProto.FollowUp.newBuilder()
                .setId(v.id.toString())
                .setAgreementId(v.agreementId.toString())
                .setDisputeId(v.disputeId.toString())
                .setAuthorJurisdiction(v.authorJurisdiction)
                .setVisitor(v.visitor)
                .setUnit(nullToEmpty(v.unit))
                .setVisitedOn(v.visitedOn.toString())
                .setMethod(AgreementProto.FollowUpMethod.valueOf("FOLLOW_UP_METHOD_" + v.method.name()))
                .setSatisfied(v.satisfied)
                .setRecurred(v.recurred)
                .setNote(nullToEmpty(v.note))
                .setWrittenAt(ProtoTime.timestamp(v.writtenAt))
                .build();
    }

    /** A follow-up visit from its message (checked before). */
    public static FollowUpVisit followUp(AgreementProto.FollowUp m) {
        FollowUpVisit v = new FollowUpVisit();
        v.id = java.util.UUID.fromString(m.getId());
        v.agreementId = java.util.UUID.fromString(m.getAgreementId());
        v.disputeId = java.util.UUID.fromString(m.getDisputeId());
        v.authorJurisdiction = m.getAuthorJurisdiction();
        v.visitor = m.getVisitor();
        v.unit = emptyToNull(m.getUnit());
        v.visitedOn = LocalDate.parse(m.getVisitedOn());
        v.method = followUpMethod(m.getMethod());
        v.satisfied = m.getSatisfied();
        v.recurred = m.getRecurred();
        v.note = emptyToNull(m.getNote());
        v.writtenAt = ProtoTime.instant(m.getWrittenAt());
        return v;
    }

    /** The agreement's own columns from its message (checked before); children by {@link #instalments} etc. */
    public static void copyReplica(AgreementProto.Agreement m, Agreement a, String origin) {
        a.id = java.util.UUID.fromString(m.getId());
        a.disputeId = java.util.UUID.fromString(m.getDisputeId());
        a.origin = origin;
        a.status = status(m.getStatus());
        a.terms = m.getTerms();
        a.totalAmount = new BigDecimal(m.getTotalAmount());
        a.agreedOn = LocalDate.parse(m.getAgreedOn());
        a.effectiveOn = date(m.getEffectiveOn());
        a.document = m.getDocument().toByteArray();
        a.documentSha256 = m.getDocumentSha256();
        a.confirmation = confirmation(m.getConfirmation().getStatus());
        a.court = emptyToNull(m.getConfirmation().getCourt());
        a.confirmationRequestedOn = date(m.getConfirmation().getRequestedOn());
        a.confirmationDecidedOn = date(m.getConfirmation().getDecidedOn());
        a.confirmationReference = emptyToNull(m.getConfirmation().getReference());
        a.createdAt = ProtoTime.instant(m.getCreatedAt());
        a.createdBy = emptyToNull(m.getCreatedBy());
        a.updatedAt = ProtoTime.instant(m.getUpdatedAt());
    }

    public static List<Instalment> instalments(AgreementProto.Agreement m) {
        List<Instalment> out = new ArrayList<>();
        java.util.UUID agreementId = java.util.UUID.fromString(m.getId());
        for (AgreementProto.Instalment mi : m.getInstalmentsList()) {
            Instalment i = new Instalment();
            i.agreementId = agreementId;
            i.number = mi.getNumber();
            i.dueOn = LocalDate.parse(mi.getDueOn());
            i.amount = new BigDecimal(mi.getAmount());
            i.paid = new BigDecimal(mi.getPaid());
            for (AgreementProto.Payment mp : mi.getPaymentsList()) {
                InstalmentPayment p = new InstalmentPayment();
                p.id = java.util.UUID.fromString(mp.getId());
                p.agreementId = agreementId;
                p.instalment = mi.getNumber();
                p.amount = new BigDecimal(mp.getAmount());
                p.paidOn = LocalDate.parse(mp.getPaidOn());
                p.recordedBy = emptyToNull(mp.getRecordedBy());
                p.recordedAt = ProtoTime.instant(mp.getRecordedAt());
                i.payments.add(p);
            }
            out.add(i);
        }
        return out;
    }

    public static List<AgreementSignature> signatures(AgreementProto.Agreement m) {
        List<AgreementSignature> out = new ArrayList<>();
        for (AgreementProto.Signature ms : m.getSignaturesList()) {
            AgreementSignature s = new AgreementSignature();
            s.agreementId = java.util.UUID.fromString(m.getId());
            s.partyPosition = ms.getPartyPosition();
            s.method = signatureMethod(ms.getMethod());
            s.signedAt = ProtoTime.instant(ms.getSignedAt());
            s.documentSha256 = ms.getDocumentSha256();
            s.recordedBy = emptyToNull(ms.getRecordedBy());
            out.add(s);
        }
        return out;
    }

    public static AgreementStatus status(AgreementProto.AgreementStatus s) {
        return switch (s) {
            case AGREEMENT_STATUS_DRAFT -> AgreementStatus.DRAFT;
            case AGREEMENT_STATUS_SIGNED -> AgreementStatus.SIGNED;
            case AGREEMENT_STATUS_FULFILLED -> AgreementStatus.FULFILLED;
            default -> null;
        };
    }

    public static ConfirmationStatus confirmation(AgreementProto.ConfirmationStatus s) {
        return switch (s) {
            case CONFIRMATION_STATUS_NONE -> ConfirmationStatus.NONE;
            case CONFIRMATION_STATUS_REQUESTED -> ConfirmationStatus.REQUESTED;
            case CONFIRMATION_STATUS_CONFIRMED -> ConfirmationStatus.CONFIRMED;
            case CONFIRMATION_STATUS_REJECTED -> ConfirmationStatus.REJECTED;
            default -> null;
        };
    }

    public static SignatureMethod signatureMethod(AgreementProto.SignatureMethod m) {
        return switch (m) {
            case SIGNATURE_METHOD_HANDWRITTEN -> SignatureMethod.HANDWRITTEN;
            case SIGNATURE_METHOD_FINGERPRINT -> SignatureMethod.FINGERPRINT;
            case SIGNATURE_METHOD_SEAL -> SignatureMethod.SEAL;
            case SIGNATURE_METHOD_ELECTRONIC -> SignatureMethod.ELECTRONIC;
            default -> null;
        };
    }

    public static FollowUpMethod followUpMethod(AgreementProto.FollowUpMethod m) {
        return switch (m) {
            case FOLLOW_UP_METHOD_VISIT -> FollowUpMethod.VISIT;
            case FOLLOW_UP_METHOD_PHONE -> FollowUpMethod.PHONE;
            case FOLLOW_UP_METHOD_ONLINE -> FollowUpMethod.ONLINE;
            default -> null;
        };
    }

    /** A partner's ISO date text, or null if it is none (empty or not a date). */
    /** A date of a message (yyyy-MM-dd), or null: not one, or outside the years every service stores. */
    public static LocalDate date(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(text);
            return d.getYear() >= org.borderpolice.federation.statistics.DayPeriod.FIRST_YEAR
                            && d.getYear() <= org.borderpolice.federation.statistics.DayPeriod.LAST_YEAR
                    ? d
                    : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String date(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    static String yuan(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
