package org.borderpolice.mediation.mapping;

import java.util.List;

import org.borderpolice.federation.proto.mediation.v1.TeamProto;
import org.borderpolice.federation.replication.ProtoTime;
import org.borderpolice.mediation.Mediator;
import org.borderpolice.mediation.MediatorKind;
import org.borderpolice.mediation.MediatorProfile;

/** Mediators to and from {@code border.mediation.v1.Mediator}. */
public final class MediatorMessages {

    private MediatorMessages() {}

    public static TeamProto.Mediator toMessage(Mediator m) {
        return TeamProto.Mediator.newBuilder()
                .setId(m.id.toString())
                .setOrigin(m.origin)
                .setKind(TeamProto.MediatorKind.valueOf(m.kind.name()))
                .setName(m.name)
                .setUnit(m.unit)
                .setNationality(m.nationality == null ? "" : m.nationality)
                .addAllLanguages(List.of(m.languages))
                .setAccount(m.account == null ? "" : m.account)
                .setActive(m.active)
                .setUpdatedAt(ProtoTime.timestamp(m.updatedAt))
                .build();
    }

    /** The kind, or null for one we do not know. */
    public static MediatorKind kind(TeamProto.MediatorKind kind) {
        return switch (kind) {
            case POLICE -> MediatorKind.POLICE;
            case JUDICIAL_OFFICE -> MediatorKind.JUDICIAL_OFFICE;
            case COMMUNITY -> MediatorKind.COMMUNITY;
            case FOREIGN_NATIONAL -> MediatorKind.FOREIGN_NATIONAL;
            case LAWYER -> MediatorKind.LAWYER;
            default -> null;
        };
    }

    /**
     * The profile a partner sent, by the rules our own users' input follows.
     *
     * @throws org.borderpolice.federation.problem.InvalidProblem naming what is wrong
     */
    public static MediatorProfile profile(TeamProto.Mediator m) {
        return MediatorProfile.of(
                kind(m.getKind()),
                m.getName(),
                m.getUnit(),
                m.getNationality().isEmpty() ? null : m.getNationality(),
                m.getLanguagesList(),
                m.getAccount().isEmpty() ? null : m.getAccount(),
                m.getActive());
    }
}
