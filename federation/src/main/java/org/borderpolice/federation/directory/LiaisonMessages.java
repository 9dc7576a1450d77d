package org.borderpolice.federation.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.borderpolice.federation.proto.liaison.v1.LiaisonProto;
import org.borderpolice.federation.replication.ProtoTime;

import com.google.protobuf.Timestamp;

/**
 * Between the directory's records ({@link Liaison}) and their messages
 * ({@code border/liaison/v1/liaison.proto}). Reading a partner's message never fails on content
 * (an unknown enum value becomes null, which the checks refuse) except on a timestamp outside
 * what can be stored: {@link IllegalArgumentException} naming the field.
 */
public final class LiaisonMessages {

    private LiaisonMessages() {}

    // --- to messages

    public static LiaisonProto.Unit unit(UUID id, String origin, Liaison.Unit u, Instant updatedAt) {
        return LiaisonProto.Unit.newBuilder()
                .setId(id.toString())
                .setOrigin(origin)
                .setCode(u.code())
                .setName(u.name())
                .setKind(LiaisonProto.UnitKind.valueOf("UNIT_KIND_" + u.kind().name()))
                .setCounty(u.county())
                .setAddress(nonNull(u.address()))
                .setPhone(u.phone())
                .setUpdatedAt(ProtoTime.timestamp(updatedAt))
                .build();
    }

    public static LiaisonProto.Officer officer(UUID id, String origin, Liaison.Officer o, Instant updatedAt) {
        return LiaisonProto.Officer.newBuilder()
                .setId(id.toString())
                .setOrigin(origin)
                .setUnitId(o.unitId().toString())
                .setName(o.name())
                .setTitle(nonNull(o.title()))
                .setPhone(o.phone())
                .setRole(LiaisonProto.OfficerRole.valueOf(
                        "OFFICER_ROLE_" + o.role().name()))
                .setActive(o.active() == null || o.active())
                .setUpdatedAt(ProtoTime.timestamp(updatedAt))
                .build();
    }

    public static LiaisonProto.DutyShift duty(UUID id, String origin, Liaison.DutyShift d, Instant updatedAt) {
        return LiaisonProto.DutyShift.newBuilder()
                .setId(id.toString())
                .setOrigin(origin)
                .setUnitId(d.unitId().toString())
                .setStartsAt(ProtoTime.timestamp(d.startsAt()))
                .setEndsAt(ProtoTime.timestamp(d.endsAt()))
                .setName(d.name())
                .setPhone(d.phone())
                .setUpdatedAt(ProtoTime.timestamp(updatedAt))
                .build();
    }

    public static LiaisonProto.Meeting meeting(UUID id, String origin, Liaison.Meeting m, Instant updatedAt) {
        LiaisonProto.Meeting.Builder b = LiaisonProto.Meeting.newBuilder()
                .setId(id.toString())
                .setOrigin(origin)
                .setHeldAt(ProtoTime.timestamp(m.heldAt()))
                .setPlace(m.place())
                .setChair(m.chair())
                .setAgenda(m.agenda())
                .addAllParties(m.parties())
                .setUpdatedAt(ProtoTime.timestamp(updatedAt));
        if (m.delegations() != null) {
            m.delegations()
                    .forEach(d -> b.addDelegations(LiaisonProto.Delegation.newBuilder()
                            .setJurisdiction(d.jurisdiction())
                            .addAllAttendees(d.attendees())));
        }
        return b.build();
    }

    public static LiaisonProto.Minutes minutes(UUID meetingId, String origin, Liaison.Minutes m, Instant updatedAt) {
        return LiaisonProto.Minutes.newBuilder()
                .setMeetingId(meetingId.toString())
                .setOrigin(origin)
                .setText(m.text())
                .setUpdatedAt(ProtoTime.timestamp(updatedAt))
                .build();
    }

    public static LiaisonProto.Patrol patrol(UUID id, String origin, Liaison.Patrol p, Instant updatedAt) {
        LiaisonProto.Patrol.Builder b = LiaisonProto.Patrol.newBuilder()
                .setId(id.toString())
                .setOrigin(origin)
                .setStartsAt(ProtoTime.timestamp(p.plan().startsAt()))
                .setEndsAt(ProtoTime.timestamp(p.plan().endsAt()))
                .setArea(p.plan().area())
                .addAllParties(p.plan().parties())
                .setStatus(LiaisonProto.PatrolStatus.valueOf(
                        "PATROL_STATUS_" + p.status().name()))
                .setReport(nonNull(p.report()))
                .setUpdatedAt(ProtoTime.timestamp(updatedAt));
        p.plan()
                .sides()
                .forEach(s -> b.addSides(LiaisonProto.PatrolSide.newBuilder()
                        .setJurisdiction(s.jurisdiction())
                        .addAllUnits(s.units())));
        return b.build();
    }

    // --- from messages

    public static Liaison.Unit unit(LiaisonProto.Unit m) {
        return new Liaison.Unit(
                m.getCode(),
                m.getName(),
                named(UnitKind.class, "UNIT_KIND_", m.getKind().name()),
                m.getCounty(),
                emptyToNull(m.getAddress()),
                m.getPhone());
    }

    public static Liaison.Officer officer(LiaisonProto.Officer m) {
        return new Liaison.Officer(
                uuidOrNull(m.getUnitId()),
                m.getName(),
                emptyToNull(m.getTitle()),
                m.getPhone(),
                named(OfficerRole.class, "OFFICER_ROLE_", m.getRole().name()),
                m.getActive());
    }

    public static Liaison.DutyShift duty(LiaisonProto.DutyShift m) {
        return new Liaison.DutyShift(
                uuidOrNull(m.getUnitId()),
                instant("starts_at", m.hasStartsAt(), m.getStartsAt()),
                instant("ends_at", m.hasEndsAt(), m.getEndsAt()),
                m.getName(),
                m.getPhone());
    }

    public static Liaison.Meeting meeting(LiaisonProto.Meeting m) {
        return new Liaison.Meeting(
                instant("held_at", m.hasHeldAt(), m.getHeldAt()),
                m.getPlace(),
                m.getChair(),
                m.getAgenda(),
                List.copyOf(m.getPartiesList()),
                m.getDelegationsList().stream()
                        .map(d -> new Liaison.Delegation(d.getJurisdiction(), List.copyOf(d.getAttendeesList())))
                        .toList());
    }

    public static Liaison.Minutes minutes(LiaisonProto.Minutes m) {
        return new Liaison.Minutes(m.getText());
    }

    public static Liaison.Patrol patrol(LiaisonProto.Patrol m) {
        return new Liaison.Patrol(
                new Liaison.PatrolPlan(
                        instant("starts_at", m.hasStartsAt(), m.getStartsAt()),
                        instant("ends_at", m.hasEndsAt(), m.getEndsAt()),
                        m.getArea(),
                        List.copyOf(m.getPartiesList()),
                        m.getSidesList().stream()
                                .map(s -> new Liaison.PatrolSide(s.getJurisdiction(), List.copyOf(s.getUnitsList())))
                                .toList()),
                named(PatrolStatus.class, "PATROL_STATUS_", m.getStatus().name()),
                emptyToNull(m.getReport()));
    }

    /** A message's time, null if absent; a time that cannot be stored is refused. */
    static Instant instant(String field, boolean present, Timestamp t) {
        if (!present) {
            return null;
        }
        String problem = ProtoTime.problem(true, t);
        if (problem != null) {
            throw new IllegalArgumentException(field + " " + problem);
        }
        return ProtoTime.instant(t);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String prefix, String protoName) {
        if (!protoName.startsWith(prefix)) {
            return null;
        }
        try {
            return Enum.valueOf(type, protoName.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return null; // UNSPECIFIED
        }
    }

    private static UUID uuidOrNull(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
