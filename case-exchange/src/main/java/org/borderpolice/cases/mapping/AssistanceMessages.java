package org.borderpolice.cases.mapping;

import java.time.Instant;
import java.util.UUID;

import org.borderpolice.cases.AssistanceKind;
import org.borderpolice.cases.AssistancePriority;
import org.borderpolice.cases.AssistanceRequest;
import org.borderpolice.cases.CaseSubject;
import org.borderpolice.cases.RequesterState;
import org.borderpolice.cases.ResponderState;
import org.borderpolice.federation.proto.cases.v1.AssistanceProto;
import org.borderpolice.federation.proto.cases.v1.CaseProto;
import org.borderpolice.federation.proto.common.v1.Subject;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.federation.validation.SubjectKind;

import com.google.protobuf.Timestamp;

/**
 * Assistance requests to and from {@code border.cases.v1} messages: the requester's part as an
 * {@code AssistanceRequest}, the addressee's as an {@code AssistanceResponse}.
 */
public final class AssistanceMessages {

    private AssistanceMessages() {}

    /** The requester's part. */
    public static AssistanceProto.AssistanceRequest toMessage(AssistanceRequest r) {
        AssistanceProto.AssistanceRequest.Builder m = AssistanceProto.AssistanceRequest.newBuilder()
                .setId(r.recordId())
                .setCaseId(r.caseId.toString())
                .setCaseOrigin(r.caseOrigin)
                .setRequester(r.requester)
                .setAddressee(r.addressee)
                .setKind(AssistanceProto.AssistanceKind.valueOf("KIND_" + r.kind.name()))
                .setPriority(AssistanceProto.AssistancePriority.valueOf("PRIORITY_" + r.priority.name()))
                .setDetails(r.details)
                .setRequestedBy(r.requestedBy)
                .setSentAt(ProtoTime.timestamp(r.sentAt))
                .setDueAt(ProtoTime.timestamp(r.dueAt))
                .setState(
                        r.requesterState == RequesterState.WITHDRAWN
                                ? AssistanceProto.RequesterState.REQUEST_WITHDRAWN
                                : AssistanceProto.RequesterState.REQUEST_SENT);
        if (r.requesterUnit != null) {
            m.setUnit(r.requesterUnit);
        }
        if (r.withdrawnAt != null) {
            m.setWithdrawnAt(ProtoTime.timestamp(r.withdrawnAt));
        }
        if (r.withdrawnBy != null) {
            m.setWithdrawnBy(r.withdrawnBy);
        }
        if (r.withdrawalReason != null) {
            m.setWithdrawalReason(r.withdrawalReason);
        }
        for (CaseSubject s : r.subjects) {
            Subject.Builder subject =
                    Subject.newBuilder().setKind(s.kind.toProto()).setValue(s.value);
            if (s.label != null) {
                subject.setLabel(s.label);
            }
            m.addSubjects(CaseProto.CaseSubject.newBuilder()
                    .setSubject(subject)
                    .setRole(CaseProto.SubjectRole.valueOf(s.role.name())));
        }
        return m.build();
    }

    /** The addressee's part (once it acted: not PENDING). */
    public static AssistanceProto.AssistanceResponse toResponse(AssistanceRequest r) {
        AssistanceProto.AssistanceResponse.Builder m = AssistanceProto.AssistanceResponse.newBuilder()
                .setRequestId(r.recordId())
                .setRequester(r.requester)
                .setAddressee(r.addressee)
                .setState(responderState(r.responderState));
        set(r.officerName, m::setOfficerName);
        set(r.officerId, m::setOfficerId);
        set(r.responderUnit, m::setUnit);
        set(r.acceptedBy, m::setAcceptedBy);
        set(r.declinedBy, m::setDeclinedBy);
        set(r.declineReason, m::setDeclineReason);
        set(r.answeredBy, m::setAnsweredBy);
        set(r.findings, m::setFindings);
        if (r.acceptedAt != null) {
            m.setAcceptedAt(ProtoTime.timestamp(r.acceptedAt));
        }
        if (r.declinedAt != null) {
            m.setDeclinedAt(ProtoTime.timestamp(r.declinedAt));
        }
        if (r.answeredAt != null) {
            m.setAnsweredAt(ProtoTime.timestamp(r.answeredAt));
        }
        return m.build();
    }

    /** A (checked) request of a partner, new to us: the requester's part onto a new row. */
    public static AssistanceRequest newReplica(AssistanceProto.AssistanceRequest m) {
        AssistanceRequest r = new AssistanceRequest();
        r.id = UUID.fromString(m.getId());
        r.caseId = UUID.fromString(m.getCaseId());
        r.caseOrigin = m.getCaseOrigin();
        r.requester = m.getRequester();
        r.addressee = m.getAddressee();
        r.kind = kind(m.getKind());
        r.priority = priority(m.getPriority());
        r.details = m.getDetails();
        r.requestedBy = m.getRequestedBy();
        r.requesterUnit = m.getUnit().isEmpty() ? null : m.getUnit();
        r.sentAt = ProtoTime.instant(m.getSentAt());
        r.dueAt = ProtoTime.instant(m.getDueAt());
        for (CaseProto.CaseSubject s : m.getSubjectsList()) {
            r.subjects.add(new CaseSubject(
                    SubjectKind.fromProto(s.getSubject().getKind()),
                    s.getSubject().getValue(),
                    s.getSubject().getLabel().isEmpty() ? null : s.getSubject().getLabel(),
                    CaseMessages.role(s.getRole())));
        }
        return r;
    }

    /** The requester's changeable part (withdrawal) onto the row we hold. */
    public static void copyRequesterPart(AssistanceProto.AssistanceRequest m, AssistanceRequest r) {
        r.requesterState = requesterState(m.getState());
        r.withdrawnAt = time(m.hasWithdrawnAt(), m.getWithdrawnAt());
        r.withdrawnBy = m.getWithdrawnBy().isEmpty() ? null : m.getWithdrawnBy();
        r.withdrawalReason = m.getWithdrawalReason().isEmpty() ? null : m.getWithdrawalReason();
    }

    /**
     * The addressee's (checked) part onto our request. Its times are the addressee's clock, kept
     * within the request's sending and our now, so that no clock makes a response time negative
     * or in the future.
     */
    public static void copyResponderPart(AssistanceProto.AssistanceResponse m, AssistanceRequest r, Instant now) {
        r.responderState = responderState(m.getState());
        r.officerName = blankToNull(m.getOfficerName());
        r.officerId = blankToNull(m.getOfficerId());
        r.responderUnit = blankToNull(m.getUnit());
        r.acceptedBy = blankToNull(m.getAcceptedBy());
        r.declinedBy = blankToNull(m.getDeclinedBy());
        r.declineReason = blankToNull(m.getDeclineReason());
        r.answeredBy = blankToNull(m.getAnsweredBy());
        r.findings = blankToNull(m.getFindings());
        r.acceptedAt = within(time(m.hasAcceptedAt(), m.getAcceptedAt()), r.sentAt, now);
        r.declinedAt = within(time(m.hasDeclinedAt(), m.getDeclinedAt()), r.sentAt, now);
        r.answeredAt = within(time(m.hasAnsweredAt(), m.getAnsweredAt()), r.sentAt, now);
    }

    public static AssistanceKind kind(AssistanceProto.AssistanceKind k) {
        return switch (k) {
            case KIND_IDENTITY_CHECK -> AssistanceKind.IDENTITY_CHECK;
            case KIND_LOCATE_PERSON -> AssistanceKind.LOCATE_PERSON;
            case KIND_LOCATE_VEHICLE -> AssistanceKind.LOCATE_VEHICLE;
            case KIND_COLLECT_EVIDENCE -> AssistanceKind.COLLECT_EVIDENCE;
            case KIND_ASSIST_ARREST -> AssistanceKind.ASSIST_ARREST;
            case KIND_FREEZE_ASSETS -> AssistanceKind.FREEZE_ASSETS;
            case KIND_OTHER -> AssistanceKind.OTHER;
            default -> null;
        };
    }

    public static AssistancePriority priority(AssistanceProto.AssistancePriority p) {
        return switch (p) {
            case PRIORITY_IMMEDIATE -> AssistancePriority.IMMEDIATE;
            case PRIORITY_URGENT -> AssistancePriority.URGENT;
            case PRIORITY_ROUTINE -> AssistancePriority.ROUTINE;
            default -> null;
        };
    }

    public static RequesterState requesterState(AssistanceProto.RequesterState s) {
        return switch (s) {
            case REQUEST_SENT -> RequesterState.SENT;
            case REQUEST_WITHDRAWN -> RequesterState.WITHDRAWN;
            default -> null;
        };
    }

    /** The addressee's state a partner sent, or null (PENDING is never sent). */
    public static ResponderState responderState(AssistanceProto.ResponderState s) {
        return switch (s) {
            case RESPONSE_ACCEPTED -> ResponderState.ACCEPTED;
            case RESPONSE_DECLINED -> ResponderState.DECLINED;
            case RESPONSE_ANSWERED -> ResponderState.ANSWERED;
            default -> null;
        };
    }

    static AssistanceProto.ResponderState responderState(ResponderState s) {
        return switch (s) {
            case ACCEPTED -> AssistanceProto.ResponderState.RESPONSE_ACCEPTED;
            case DECLINED -> AssistanceProto.ResponderState.RESPONSE_DECLINED;
            case ANSWERED -> AssistanceProto.ResponderState.RESPONSE_ANSWERED;
            case PENDING -> throw new IllegalArgumentException("nothing to send before the addressee acts");
        };
    }

    private static Instant within(Instant t, Instant from, Instant to) {
        if (t == null) {
            return null;
        }
        if (t.isBefore(from)) {
            return from;
        }
        return t.isAfter(to) ? to : t;
    }

    private static Instant time(boolean present, Timestamp t) {
        return present ? ProtoTime.instant(t) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void set(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
