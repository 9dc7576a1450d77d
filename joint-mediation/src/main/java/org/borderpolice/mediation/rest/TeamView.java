package org.borderpolice.mediation.rest;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.borderpolice.mediation.MediatorKind;
import org.borderpolice.mediation.TeamRules;
import org.borderpolice.mediation.service.TeamService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "联合调解团队 A dispute's joint team, and how it meets the team rules")
public record TeamView(
        @Schema(description = "纠纷ID Dispute") UUID disputeId,

        @Schema(description = "纠纷所属辖区 The dispute's origin, who composes the team")
        String disputeOrigin,

        @Schema(description = "调解员 Members") List<Member> members,

        @Schema(description = "缺少调解员的当事人辖区 Parties' jurisdictions with no mediator of their own on the team")
        Set<String> jurisdictionsWithoutMediator,

        @Schema(description = "当事人语言 Languages parties prefer other than Chinese: who speaks them")
        List<Language> languages,

        @Schema(description = "满足全部规则 Every rule met, languages included")
        boolean complete,

        @Schema(description = "版本 Version (0: no team yet)") long version,
        @Schema(description = "更新时间 Updated at") Instant updatedAt) {

    @Schema(name = "TeamMemberView", description = "团队成员 A member")
    public record Member(
            UUID mediatorId,
            @Schema(description = "所属辖区 Jurisdiction") String origin,

            @Schema(description = "类别 Kind (absent if the directory here does not hold the mediator)")
            MediatorKind kind,

            @Schema(description = "姓名 Name") String name,
            @Schema(description = "单位 Unit") String unit,
            @Schema(description = "语言 Languages") List<String> languages,
            @Schema(description = "在岗 Active") Boolean active) {}

    @Schema(name = "TeamLanguageView", description = "当事人语言 A language a party prefers")
    public record Language(
            @Schema(description = "语言 Language (primary subtag)", examples = "ru")
            String language,

            @Schema(description = "团队中会此语言的调解员 Speakers on the team")
            List<UUID> speakersOnTeam,

            @Schema(description = "名录中可加入的调解员 Active speakers in the directory not on the team")
            List<UUID> available,

            @Schema(description = "无可用调解员 No mediator speaks it, on the team or in the directory")
            boolean noneAvailable) {}

    static TeamView of(TeamService.Team t) {
        return of(t, true);
    }

    /**
     * {@code directoryShown} false: no directory ids in {@code available} (a partner's user, who
     * may not read our directory, which holds third jurisdictions' mediators too).
     */
    static TeamView of(TeamService.Team t, boolean directoryShown) {
        TeamRules.Assessment a = t.assessment();
        return new TeamView(
                t.disputeId(),
                t.disputeOrigin(),
                t.members().stream()
                        .map(m -> m.mediator() == null
                                ? new Member(
                                        m.member().mediatorId, m.member().mediatorOrigin, null, null, null, null, null)
                                : new Member(
                                        m.member().mediatorId,
                                        m.member().mediatorOrigin,
                                        m.mediator().kind,
                                        m.mediator().name,
                                        m.mediator().unit,
                                        List.of(m.mediator().languages),
                                        m.mediator().active))
                        .toList(),
                a.jurisdictionsWithoutMediator(),
                a.languages().stream()
                        .map(l -> new Language(
                                l.language(),
                                l.speakersOnTeam(),
                                directoryShown ? l.available() : List.of(),
                                l.noneAvailable()))
                        .toList(),
                a.complete(),
                t.version(),
                t.updatedAt());
    }
}
