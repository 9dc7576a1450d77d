package org.borderpolice.federation.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.borderpolice.federation.validation.DivisionCode;
import org.borderpolice.federation.validation.SingleLine;
import org.borderpolice.federation.validation.StorableTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the directory's records say, as users enter them and as partners' payloads must say it
 * too (the same constraints are checked on both: a partner's record is refused for what our
 * users could not enter).
 */
public final class Liaison {

    private Liaison() {}

    /** A phone number: digits, optionally a leading + and - or spaces between (0570-4012110). */
    static final String PHONE = "\\+?[0-9][0-9 -]{2,23}[0-9]";

    static final int NAME = 100;
    static final int TEXT = 4000;
    static final int MINUTES = 20000;
    static final int LIST = 20;

    @Schema(description = "单位 A unit (派出所, 检查站, …) of this jurisdiction")
    public record Unit(
            @Schema(description = "单位代码 Our own code of the unit", examples = "TS")
            @NotBlank
            @Size(max = 20)
            @Pattern(regexp = "[A-Za-z0-9-]+")
            String code,

            @Schema(description = "单位名称 Name", examples = "坛石派出所") @NotBlank @Size(max = NAME) @SingleLine
            String name,

            @Schema(description = "类别 Kind") @NotNull UnitKind kind,

            @Schema(
                    description = "所在县(市、区) GB/T 2260 code, in this jurisdiction (its own code, or under its "
                            + "prefix for a city-level jurisdiction)",
                    examples = "330881")
            @NotNull
            @DivisionCode
            String county,

            @Schema(description = "地址 Address", examples = "江山市坛石镇") @Size(max = 200) @SingleLine
            String address,

            @Schema(description = "电话 Phone", examples = "0570-4012110") @NotNull @Pattern(regexp = PHONE)
            String phone) {}

    @Schema(description = "联络员 A liaison officer of one of our units")
    public record Officer(
            @Schema(description = "所属单位 The unit (id of one of our units)") @NotNull
            UUID unitId,

            @Schema(description = "姓名 Name", examples = "王建军") @NotBlank @Size(max = NAME) @SingleLine
            String name,

            @Schema(description = "职务/警衔 Rank or title", examples = "副所长") @Size(max = NAME) @SingleLine
            String title,

            @Schema(description = "电话 Phone", examples = "13905701234") @NotNull @Pattern(regexp = PHONE)
            String phone,

            @Schema(description = "角色 Role") @NotNull OfficerRole role,

            @Schema(description = "在任 Active (default true)")
            Boolean active) {}

    @Schema(description = "值班 A 24-hour duty shift of the rapid-response mechanism (快速反应机制)")
    public record DutyShift(
            @Schema(description = "单位 The unit (id of one of our units)") @NotNull
            UUID unitId,

            @Schema(description = "起 From (inclusive)") @NotNull @StorableTime
            Instant startsAt,

            @Schema(description = "止 To (exclusive); at most 31 days after the start") @NotNull @StorableTime
            Instant endsAt,

            @Schema(description = "值班人 Who is on duty", examples = "李明") @NotBlank @Size(max = NAME) @SingleLine
            String name,

            @Schema(description = "24小时电话 The 24-hour phone", examples = "0570-4012110")
            @NotNull
            @Pattern(regexp = PHONE)
            String phone) {}

    @Schema(description = "与会人员 Who came from one jurisdiction")
    public record Delegation(
            @Schema(description = "辖区 Jurisdiction", examples = "350722") @NotNull @DivisionCode
            String jurisdiction,

            @Schema(description = "姓名 Attendees") @NotNull @Size(max = LIST)
            List<@NotBlank @Size(max = NAME) @SingleLine String> attendees) {}

    @Schema(description = "联席会议 A joint meeting")
    public record Meeting(
            @Schema(description = "时间 When") @NotNull @StorableTime
            Instant heldAt,

            @Schema(description = "地点 Place", examples = "三山边界社会治理中心") @NotBlank @Size(max = 200) @SingleLine
            String place,

            @Schema(
                    description = "轮值主持方 The chairing jurisdiction (the organiser or a party); "
                            + "left out: the next in the rotation (GET /api/v1/directory/meetings/next-chair)")
            @DivisionCode
            String chair,

            @Schema(description = "议程 Agenda") @NotBlank @Size(max = TEXT)
            String agenda,

            @Schema(description = "参加方 The partners taking part (the meeting is shared with them)")
            @NotNull
            @Size(min = 1, max = LIST)
            List<@NotNull @DivisionCode String> parties,

            @Schema(description = "与会人员 Attendees by jurisdiction") @Size(max = LIST)
            List<@NotNull @Valid Delegation> delegations) {}

    @Schema(description = "会议纪要 The minutes of a meeting (only the chair's side writes them)")
    public record Minutes(
            @Schema(description = "纪要 Text") @NotBlank @Size(max = MINUTES)
            String text) {}

    @Schema(description = "参巡单位 The units one jurisdiction sends on a patrol")
    public record PatrolSide(
            @Schema(description = "辖区 Jurisdiction", examples = "330881") @NotNull @DivisionCode
            String jurisdiction,

            @Schema(description = "单位 Units, by name", examples = "[\"坛石派出所\"]") @NotNull @Size(min = 1, max = LIST)
            List<@NotBlank @Size(max = NAME) @SingleLine String> units) {}

    @Schema(description = "联合巡逻计划 A joint patrol as planned")
    public record PatrolPlan(
            @Schema(description = "起 From") @NotNull @StorableTime
            Instant startsAt,

            @Schema(description = "止 To; at most 31 days after the start") @NotNull @StorableTime
            Instant endsAt,

            @Schema(description = "巡逻区域 Area", examples = "205国道浙闽交界段") @NotBlank @Size(max = 200) @SingleLine
            String area,

            @Schema(description = "参加方 The partners taking part") @NotNull @Size(min = 1, max = LIST)
            List<@NotNull @DivisionCode String> parties,

            @Schema(description = "参巡单位 Units of each side") @NotNull @Size(min = 1, max = LIST)
            List<@NotNull @Valid PatrolSide> sides) {}

    @Schema(description = "联合巡逻 A joint patrol")
    public record Patrol(
            @NotNull @Valid PatrolPlan plan,
            @Schema(description = "状态 Status") @NotNull PatrolStatus status,

            @Schema(description = "简要情况 Short report (DONE)") @Size(max = TEXT)
            String report) {}

    @Schema(description = "巡逻结果 A patrol held or cancelled")
    public record PatrolOutcome(
            @Schema(description = "状态 DONE or CANCELLED") @NotNull
            PatrolStatus status,

            @Schema(description = "简要情况 Short report (required for DONE)") @Size(max = TEXT)
            String report) {}
}
