package org.borderpolice.gateway.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.borderpolice.gateway.Bulletin;
import org.borderpolice.gateway.IsoWeek;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

/**
 * 周报 The weekly bulletin as a printable page (A4, Chinese headings): a Qute template
 * ({@code bulletin/bulletin.html}) whose every value is HTML-escaped.
 */
@ApplicationScoped
public class BulletinPage {

    static final Map<String, String> SEVERITIES =
            Map.of("RED", "红色预警", "ORANGE", "橙色预警", "YELLOW", "黄色预警", "BLUE", "蓝色预警");

    /** The page's head: who, which week. */
    public record Head(
            String jurisdiction,
            String jurisdictionName,
            String week,
            int year,
            int weekOfYear,
            String firstDay,
            String lastDay,
            boolean complete,
            String generatedAt,
            String timeZone) {}

    /** One figure. */
    public record Row(String label, Object value) {}

    /** One section: its figures, or why the service gave none. */
    public record Section(String heading, boolean available, String service, String unavailable, List<Row> rows) {}

    private final Template template;

    public BulletinPage() {
        Engine engine = Engine.builder()
                .addDefaults()
                .addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
                .build();
        try (InputStream in = BulletinPage.class.getResourceAsStream("/bulletin/bulletin.html")) {
            if (in == null) {
                throw new IllegalStateException("bulletin/bulletin.html is missing");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            template = engine.parse(text, Variant.forContentType(Variant.TEXT_HTML));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String render(Bulletin b) {
        IsoWeek week = IsoWeek.parse(b.week());
        Head head = new Head(
                b.jurisdiction(),
                b.jurisdictionName(),
                b.week(),
                week.year(),
                week.week(),
                b.firstDay().toString(),
                b.lastDay().toString(),
                b.complete(),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .withZone(ZoneId.of(b.timeZone()))
                        .format(b.generatedAt()),
                b.timeZone());
        return template.data("b", head).data("sections", sections(b)).render();
    }

    static List<Section> sections(Bulletin b) {
        List<Section> sections = new ArrayList<>();
        List<Row> alerts = new ArrayList<>();
        if (b.alerts().source().available()) {
            alerts.add(new Row("新发预警", b.alerts().published()));
            b.alerts()
                    .bySeverity()
                    .forEach((severity, n) -> alerts.add(new Row(SEVERITIES.getOrDefault(severity, severity), n)));
        }
        sections.add(section("一、预警信息", b.alerts().source(), alerts));
        sections.add(section(
                "二、联合案件",
                b.cases().source(),
                List.of(
                        new Row("本周立案", b.cases().opened()),
                        new Row("其中已破案", b.cases().solved()),
                        new Row("协查请求（收发）", b.cases().assistanceRequests()),
                        new Row("其中已办结", b.cases().assistanceAnswered()),
                        new Row("其中按时办结", b.cases().assistanceAnsweredOnTime()),
                        new Row("本周到期未按时办结", b.cases().assistanceOverdue()))));
        sections.add(section(
                "三、矛盾纠纷调处",
                b.disputes().source(),
                List.of(
                        new Row("本周受理纠纷", b.disputes().reported()),
                        new Row("其中已化解", b.disputes().resolved()))));
        sections.add(section(
                "四、联合巡逻与联席会议",
                b.patrols().source(),
                List.of(
                        new Row("联合巡逻（计划）", b.patrols().patrols()),
                        new Row("已巡逻", b.patrols().held()),
                        new Row("已取消", b.patrols().cancelled()),
                        new Row("召开联席会议", b.patrols().meetingsHeld()))));
        return sections;
    }

    private static Section section(String heading, Bulletin.Source source, List<Row> rows) {
        return new Section(heading, source.available(), source.service(), source.unavailable(), rows);
    }
}
