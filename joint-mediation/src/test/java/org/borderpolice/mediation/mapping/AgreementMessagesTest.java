package org.borderpolice.mediation.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.proto.mediation.v1.AgreementProto;
import org.borderpolice.mediation.Agreement;
import org.borderpolice.mediation.AgreementSignature;
import org.borderpolice.mediation.AgreementStatus;
import org.borderpolice.mediation.ConfirmationStatus;
import org.borderpolice.mediation.FollowUpMethod;
import org.borderpolice.mediation.FollowUpVisit;
import org.borderpolice.mediation.Instalment;
import org.borderpolice.mediation.InstalmentPayment;
import org.borderpolice.mediation.SignatureMethod;
import org.junit.jupiter.api.Test;

/** An agreement survives the trip through its message: what a partner stores is what the origin holds. */
class AgreementMessagesTest {

    @Test
    void anAgreementInForceRoundTrips() {
        Agreement a = new Agreement();
        a.id = UUID.randomUUID();
        a.disputeId = UUID.randomUUID();
        a.origin = "330881";
        a.status = AgreementStatus.SIGNED;
        a.terms = "一、以界桩为界。\n二、赔偿九千元。";
        a.totalAmount = new BigDecimal("9000.00");
        a.agreedOn = LocalDate.of(2026, 12, 1);
        a.effectiveOn = LocalDate.of(2026, 12, 2);
        a.document = new byte[] {1, 2, 3};
        a.documentSha256 = "ab".repeat(32);
        a.confirmation = ConfirmationStatus.REQUESTED;
        a.court = "江山市人民法院";
        a.confirmationRequestedOn = LocalDate.of(2026, 12, 3);
        a.createdAt = Instant.parse("2026-12-01T02:00:00.123456Z");
        a.updatedAt = Instant.parse("2026-12-03T02:00:00Z");
        a.createdBy = "mediator-1";
        Instalment i = new Instalment();
        i.number = 1;
        i.dueOn = LocalDate.of(2027, 1, 31);
        i.amount = new BigDecimal("6000.00");
        i.paid = new BigDecimal("2500.50");
        InstalmentPayment p = new InstalmentPayment();
        p.id = UUID.randomUUID();
        p.amount = new BigDecimal("2500.50");
        p.paidOn = LocalDate.of(2026, 12, 20);
        p.recordedAt = Instant.parse("2026-12-20T03:00:00Z");
        i.payments.add(p);
        a.instalments = List.of(i);
        AgreementSignature s = new AgreementSignature();
        s.partyPosition = 1;
        s.method = SignatureMethod.FINGERPRINT;
        s.signedAt = Instant.parse("2026-12-02T01:00:00Z");
        s.documentSha256 = a.documentSha256;
        a.signatures = List.of(s);
        FollowUpVisit v = new FollowUpVisit();
        v.id = UUID.randomUUID();
        v.agreementId = a.id;
        v.disputeId = a.disputeId;
        v.authorJurisdiction = "350722";
        v.visitor = "林秀英";
        v.visitedOn = LocalDate.of(2026, 12, 20);
        v.method = FollowUpMethod.PHONE;
        v.satisfied = true;
        v.writtenAt = Instant.parse("2026-12-20T04:00:00Z");
        a.followUps = List.of(v);

        AgreementProto.Agreement m = AgreementMessages.toMessage(a);
        Agreement back = new Agreement();
        AgreementMessages.copyReplica(m, back, "330881");
        List<Instalment> instalments = AgreementMessages.instalments(m);
        List<AgreementSignature> signatures = AgreementMessages.signatures(m);
        FollowUpVisit visit = AgreementMessages.followUp(m.getFollowUps(0));

        assertEquals(a.id, back.id);
        assertEquals(AgreementStatus.SIGNED, back.status);
        assertEquals(a.terms, back.terms);
        assertEquals(a.totalAmount, back.totalAmount);
        assertEquals(a.effectiveOn, back.effectiveOn);
        assertArrayEquals(a.document, back.document);
        assertEquals(ConfirmationStatus.REQUESTED, back.confirmation);
        assertEquals("江山市人民法院", back.court);
        assertNull(back.confirmationDecidedOn);
        assertEquals(a.createdAt, back.createdAt);
        assertEquals(new BigDecimal("2500.50"), instalments.get(0).paid);
        assertEquals(p.id, instalments.get(0).payments.get(0).id);
        assertEquals(SignatureMethod.FINGERPRINT, signatures.get(0).method);
        assertEquals(1, signatures.get(0).partyPosition);
        assertEquals("350722", visit.authorJurisdiction);
        assertEquals(FollowUpMethod.PHONE, visit.method);
        assertNull(visit.note);
    }
}
