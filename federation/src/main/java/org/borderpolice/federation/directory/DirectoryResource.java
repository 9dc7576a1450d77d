package org.borderpolice.federation.directory;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.borderpolice.federation.idempotency.IdempotencyKeys;
import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.paging.KeysetCursor;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.Problem;
import org.borderpolice.federation.statistics.PeriodParams;
import org.borderpolice.federation.validation.DivisionCode;
import org.borderpolice.federation.validation.StorableTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * 联谊 The liaison directory: the agreement, units, liaison officers, the 24-hour duty rota,
 * joint meetings and their minutes, joint patrols. Commanders of this jurisdiction write its own
 * records; every user of this jurisdiction reads what is held here; a partner's user reads here
 * what this jurisdiction shares with its jurisdiction.
 */
@Path("/api/v1/directory")
@Produces(MediaType.APPLICATION_JSON)
@IfBuildProperty(name = Directory.ENABLED, stringValue = "true")
@Tag(
        name = "directory",
        description = "联谊 Liaison directory: agreement, units, liaison officers, duty, meetings, patrols")
@SecurityRequirement(name = "bearer")
@RolesAllowed({
    BorderPrincipal.INVESTIGATOR,
    BorderPrincipal.ANALYST,
    BorderPrincipal.MEDIATOR,
    BorderPrincipal.COMMANDER,
    BorderPrincipal.INTEGRATOR
})
@APIResponse(
        responseCode = "401",
        description = "未认证 No or untrusted token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "无权限 Missing role, or a write by another jurisdiction's user or on a record not ours",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "400",
        description = "输入有误 Bad input, nothing stored",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DirectoryResource {

    static final String IDEMPOTENCY_KEY = "幂等键 Idempotency-Key: a repeat of the same request with the same key "
            + "(same caller, within 24 h) returns the record created first, with header Idempotent-Replayed: true";

    @Inject
    Directory directory;

    @Inject
    SecurityIdentity identity;

    // --- agreement

    @GET
    @Path("/agreement")
    @Operation(
            operationId = "getAgreement",
            summary = "合作协议 The cooperation agreement",
            description = "跨区域警务合作协议书: title, date signed, parties (in the chair's rotation order) and "
                    + "principles (常态、共享、联动、共赢), as configured. Audited.")
    @APIResponse(responseCode = "200", description = "协议 The agreement")
    public Directory.AgreementView agreement() {
        return directory.agreement(caller());
    }

    // --- units

    @GET
    @Path("/units")
    @Operation(
            operationId = "listUnits",
            summary = "单位名录 List units",
            description = "Units (派出所, 检查站, …) held here, newest entered first, cursor paging. Audited.")
    @APIResponse(responseCode = "200", description = "一页单位 A page of units")
    public Entry.Page<Liaison.Unit> listUnits(
            @Parameter(description = "所属辖区 Jurisdiction") @QueryParam("origin") @DivisionCode String origin,
            @Parameter(description = "游标 Cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return directory.list(
                caller(), Directory.UNIT, Liaison.Unit.class, origin, null, KeysetCursor.parse(cursor), limit);
    }

    @POST
    @Path("/units")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createUnit",
            summary = "登记单位 Enter a unit of this jurisdiction",
            description = "Sent to every partner the agreement lets hold liaison records. Commanders of this "
                    + "jurisdiction only.")
    @APIResponse(responseCode = "201", description = "已登记 Entered")
    public Response createUnit(
            @Valid @NotNull Liaison.Unit unit,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return created("units", directory.createUnit(caller(), unit, key));
    }

    @GET
    @Path("/units/{id}")
    @Operation(operationId = "getUnit", summary = "单位 A unit", description = "Audited.")
    @APIResponse(responseCode = "200", description = "单位 The unit")
    @APIResponse(
            responseCode = "404",
            description = "不存在或不可见 No such unit visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Unit> getUnit(@PathParam("id") UUID id) {
        return directory.get(caller(), Directory.UNIT, id, Liaison.Unit.class);
    }

    @PUT
    @Path("/units/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "changeUnit",
            summary = "修改单位 Change one of our units",
            description = "A new version to every partner. Commanders of this jurisdiction, our units only.")
    @APIResponse(responseCode = "200", description = "已修改 Changed")
    @APIResponse(
            responseCode = "404",
            description = "不存在 No such unit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Unit> changeUnit(@PathParam("id") UUID id, @Valid @NotNull Liaison.Unit unit) {
        return directory.changeUnit(caller(), id, unit);
    }

    // --- officers

    @GET
    @Path("/officers")
    @Operation(
            operationId = "listOfficers",
            summary = "联络员名录 List liaison officers",
            description = "Liaison officers held here, newest entered first, cursor paging. Audited.")
    @APIResponse(responseCode = "200", description = "一页联络员 A page of officers")
    public Entry.Page<Liaison.Officer> listOfficers(
            @Parameter(description = "所属辖区 Jurisdiction") @QueryParam("origin") @DivisionCode String origin,
            @Parameter(description = "所属单位 Unit id") @QueryParam("unit") UUID unit,
            @Parameter(description = "游标 Cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return directory.list(
                caller(), Directory.OFFICER, Liaison.Officer.class, origin, unit, KeysetCursor.parse(cursor), limit);
    }

    @POST
    @Path("/officers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createOfficer",
            summary = "登记联络员 Enter a liaison officer of one of our units",
            description = "Sent to every liaison partner. Commanders of this jurisdiction only.")
    @APIResponse(responseCode = "201", description = "已登记 Entered")
    public Response createOfficer(
            @Valid @NotNull Liaison.Officer officer,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return created("officers", directory.createOfficer(caller(), officer, key));
    }

    @GET
    @Path("/officers/{id}")
    @Operation(operationId = "getOfficer", summary = "联络员 A liaison officer", description = "Audited.")
    @APIResponse(responseCode = "200", description = "联络员 The officer")
    @APIResponse(
            responseCode = "404",
            description = "不存在或不可见 No such officer visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Officer> getOfficer(@PathParam("id") UUID id) {
        return directory.get(caller(), Directory.OFFICER, id, Liaison.Officer.class);
    }

    @PUT
    @Path("/officers/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "changeOfficer",
            summary = "修改联络员 Change one of our liaison officers",
            description = "A new version to every partner (an officer who leaves: active false). Commanders of this "
                    + "jurisdiction, our officers only.")
    @APIResponse(responseCode = "200", description = "已修改 Changed")
    @APIResponse(
            responseCode = "404",
            description = "不存在 No such officer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Officer> changeOfficer(@PathParam("id") UUID id, @Valid @NotNull Liaison.Officer officer) {
        return directory.changeOfficer(caller(), id, officer);
    }

    // --- duty

    @GET
    @Path("/duty")
    @Operation(
            operationId = "listDutyShifts",
            summary = "值班表 List duty shifts",
            description = "The 24-hour duty rota (快速反应机制) held here, newest entered first. Audited.")
    @APIResponse(responseCode = "200", description = "一页值班 A page of shifts")
    public Entry.Page<Liaison.DutyShift> listDuty(
            @Parameter(description = "所属辖区 Jurisdiction") @QueryParam("origin") @DivisionCode String origin,
            @Parameter(description = "单位 Unit id") @QueryParam("unit") UUID unit,
            @Parameter(description = "游标 Cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return directory.list(
                caller(), Directory.DUTY, Liaison.DutyShift.class, origin, unit, KeysetCursor.parse(cursor), limit);
    }

    @GET
    @Path("/duty/now")
    @Operation(
            operationId = "whoIsOnDuty",
            summary = "当前值班 Who is on duty now at a jurisdiction",
            description = "Per unit of the jurisdiction, the shift whose window holds the instant (default now); "
                    + "during a handover the one that started last. Audited.")
    @APIResponse(responseCode = "200", description = "在班 The shifts on duty")
    public List<Entry<Liaison.DutyShift>> onDuty(
            @Parameter(description = "辖区 Jurisdiction", required = true)
                    @QueryParam("jurisdiction")
                    @NotNull
                    @DivisionCode
                    String jurisdiction,
            @Parameter(description = "时刻 At (ISO-8601, default now)") @QueryParam("at") String at) {
        Instant when;
        try {
            when = at == null ? Instant.now() : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidProblem("at is not an ISO-8601 instant");
        }
        if (!StorableTime.Range.holds(when)) {
            throw new InvalidProblem("at must lie between 1900-01-01 and 2199-12-31");
        }
        return directory.onDuty(caller(), jurisdiction, when);
    }

    @POST
    @Path("/duty")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createDutyShift",
            summary = "排班 Enter a duty shift of one of our units",
            description = "Sent to every liaison partner. Commanders of this jurisdiction only.")
    @APIResponse(responseCode = "201", description = "已排班 Entered")
    public Response createDuty(
            @Valid @NotNull Liaison.DutyShift shift,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return created("duty", directory.createDuty(caller(), shift, key));
    }

    @GET
    @Path("/duty/{id}")
    @Operation(operationId = "getDutyShift", summary = "值班 A duty shift", description = "Audited.")
    @APIResponse(responseCode = "200", description = "值班 The shift")
    @APIResponse(
            responseCode = "404",
            description = "不存在或不可见 No such shift visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.DutyShift> getDuty(@PathParam("id") UUID id) {
        return directory.get(caller(), Directory.DUTY, id, Liaison.DutyShift.class);
    }

    @DELETE
    @Path("/duty/{id}")
    @Operation(
            operationId = "withdrawDutyShift",
            summary = "撤销值班 Withdraw one of our duty shifts",
            description = "Gone here and at every partner. Commanders of this jurisdiction only.")
    @APIResponse(responseCode = "204", description = "已撤销 Withdrawn")
    @APIResponse(
            responseCode = "404",
            description = "不存在 No such shift",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void withdrawDuty(@PathParam("id") UUID id) {
        directory.withdrawDuty(caller(), id);
    }

    // --- meetings

    @GET
    @Path("/meetings")
    @Operation(
            operationId = "listMeetings",
            summary = "联席会议 List joint meetings",
            description = "Joint meetings held here (ours and those partners shared with us), newest entered first. "
                    + "Audited.")
    @APIResponse(responseCode = "200", description = "一页会议 A page of meetings")
    public Entry.Page<Liaison.Meeting> listMeetings(
            @Parameter(description = "组织方 Organiser") @QueryParam("origin") @DivisionCode String origin,
            @Parameter(description = "游标 Cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return directory.list(
                caller(), Directory.MEETING, Liaison.Meeting.class, origin, null, KeysetCursor.parse(cursor), limit);
    }

    @GET
    @Path("/meetings/next-chair")
    @Operation(
            operationId = "nextMeetingChair",
            summary = "下一轮值主持方 The next chair in the rotation",
            description = "The party after the chair of the latest meeting already held here (of the "
                    + "agreement's parties, among the latest meetings), in the agreement's order. Audited.")
    @APIResponse(responseCode = "200", description = "建议主持方 The suggested chair")
    public Directory.NextChair nextChair() {
        return directory.nextChair(caller());
    }

    @GET
    @Path("/statistics")
    @Operation(
            operationId = "directoryStatistics",
            summary = "联谊统计 Joint meetings and patrols of a period",
            description = "Joint meetings (联席会议) set in [from, to) and how many were held by now; joint patrols "
                    + "(联合巡逻) starting in it and how many were held (DONE) or cancelled. Over what the caller may "
                    + "read here: every record held here for this jurisdiction's users, this jurisdiction's records "
                    + "shared with a partner's user's jurisdiction for them. Dates in the directory's time zone "
                    + "(border.federation.directory.time-zone). Audited.")
    @APIResponse(responseCode = "200", description = "统计结果 The figures")
    public Directory.Statistics statistics(@BeanParam PeriodParams period) {
        return directory.statistics(caller(), period);
    }

    @POST
    @Path("/meetings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createMeeting",
            summary = "召集联席会议 Organise a joint meeting",
            description = "Shared with the parties named; without a chair, the next in the rotation chairs. "
                    + "Commanders of this jurisdiction only.")
    @APIResponse(responseCode = "201", description = "已召集 Organised")
    public Response createMeeting(
            @Valid @NotNull Liaison.Meeting meeting,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return created("meetings", directory.createMeeting(caller(), meeting, key));
    }

    @GET
    @Path("/meetings/{id}")
    @Operation(operationId = "getMeeting", summary = "联席会议 A joint meeting", description = "Audited.")
    @APIResponse(responseCode = "200", description = "会议 The meeting")
    @APIResponse(
            responseCode = "404",
            description = "不存在或不可见 No such meeting visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Meeting> getMeeting(@PathParam("id") UUID id) {
        return directory.get(caller(), Directory.MEETING, id, Liaison.Meeting.class);
    }

    @GET
    @Path("/meetings/{id}/minutes")
    @Operation(operationId = "getMinutes", summary = "会议纪要 The minutes of a meeting", description = "Audited.")
    @APIResponse(responseCode = "200", description = "纪要 The minutes")
    @APIResponse(
            responseCode = "404",
            description = "尚无或不可见 No minutes visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Minutes> getMinutes(@PathParam("id") UUID id) {
        return directory.get(caller(), Directory.MINUTES, id, Liaison.Minutes.class);
    }

    @PUT
    @Path("/meetings/{id}/minutes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "writeMinutes",
            summary = "撰写会议纪要 Write the minutes",
            description = "Only the chair's side writes them (a commander of the chairing jurisdiction, at its own "
                    + "service); they go to the organiser and every party. Each write is a new version.")
    @APIResponse(responseCode = "200", description = "已保存 Written")
    @APIResponse(
            responseCode = "404",
            description = "不存在 No such meeting held here",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Minutes> writeMinutes(@PathParam("id") UUID id, @Valid @NotNull Liaison.Minutes minutes) {
        return directory.writeMinutes(caller(), id, minutes);
    }

    // --- patrols

    @GET
    @Path("/patrols")
    @Operation(
            operationId = "listPatrols",
            summary = "联合巡逻 List joint patrols",
            description = "Joint patrols held here, newest entered first. Audited.")
    @APIResponse(responseCode = "200", description = "一页巡逻 A page of patrols")
    public Entry.Page<Liaison.Patrol> listPatrols(
            @Parameter(description = "组织方 Organiser") @QueryParam("origin") @DivisionCode String origin,
            @Parameter(description = "游标 Cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "每页条数 Page size") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200)
                    int limit) {
        return directory.list(
                caller(), Directory.PATROL, Liaison.Patrol.class, origin, null, KeysetCursor.parse(cursor), limit);
    }

    @POST
    @Path("/patrols")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createPatrol",
            summary = "计划联合巡逻 Plan a joint patrol",
            description = "PLANNED, shared with the parties named. Commanders of this jurisdiction only.")
    @APIResponse(responseCode = "201", description = "已计划 Planned")
    public Response createPatrol(
            @Valid @NotNull Liaison.PatrolPlan plan,
            @Parameter(description = IDEMPOTENCY_KEY) @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return created("patrols", directory.createPatrol(caller(), plan, key));
    }

    @GET
    @Path("/patrols/{id}")
    @Operation(operationId = "getPatrol", summary = "联合巡逻 A joint patrol", description = "Audited.")
    @APIResponse(responseCode = "200", description = "巡逻 The patrol")
    @APIResponse(
            responseCode = "404",
            description = "不存在或不可见 No such patrol visible to the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Patrol> getPatrol(@PathParam("id") UUID id) {
        return directory.get(caller(), Directory.PATROL, id, Liaison.Patrol.class);
    }

    @POST
    @Path("/patrols/{id}/outcome")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "concludePatrol",
            summary = "巡逻结果 Record that a patrol was held or cancelled",
            description = "PLANNED becomes DONE (with a short report) or CANCELLED; both are final. The organiser's "
                    + "commanders only.")
    @APIResponse(responseCode = "200", description = "已记录 Recorded")
    @APIResponse(
            responseCode = "404",
            description = "不存在 No such patrol",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "状态不允许 Not PLANNED, or DONE without a report",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Entry<Liaison.Patrol> concludePatrol(
            @PathParam("id") UUID id, @Valid @NotNull Liaison.PatrolOutcome outcome) {
        return directory.concludePatrol(caller(), id, outcome);
    }

    private BorderPrincipal caller() {
        return BorderPrincipal.of(identity).orElseThrow(() -> new ForbiddenException("no jurisdiction in the token"));
    }

    private static Response created(String collection, IdempotencyKeys.Created<? extends Entry<?>> created) {
        Response.ResponseBuilder r = Response.created(URI.create("/api/v1/directory/" + collection + "/"
                        + created.value().id()))
                .entity(created.value());
        if (created.replayed()) {
            r.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return r.build();
    }
}
