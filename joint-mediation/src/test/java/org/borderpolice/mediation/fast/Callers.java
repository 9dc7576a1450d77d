package org.borderpolice.mediation.fast;

import static io.restassured.RestAssured.given;
import static org.borderpolice.federation.testing.JurisdictionTestResource.SELF;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.borderpolice.federation.testing.JurisdictionTestResource;

import io.agroal.api.AgroalDataSource;
import io.restassured.specification.RequestSpecification;

/** Users of Jiangshan and of its partners as the fast tier's tests call the service, and row counts. */
public final class Callers {

    public static final String VALID_ID = "330881199001011238";

    private Callers() {}

    /** A user of Jiangshan, the jurisdiction under test. */
    public static RequestSpecification home(String... roles) {
        return as(SELF, roles);
    }

    /** A user of {@code code} calling Jiangshan's service. */
    public static RequestSpecification as(String code, String... roles) {
        return given().auth()
                .oauth2(JurisdictionTestResource.issuer(code)
                        .token(SELF)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    /** A party as REST takes it. */
    public static Map<String, Object> party(String name, String role, String jurisdiction, String language) {
        Map<String, Object> p = new HashMap<>();
        p.put("kind", "PERSON");
        p.put("role", role);
        p.put("name", name);
        p.put("jurisdiction", jurisdiction);
        p.put("preferredLanguage", language);
        return p;
    }

    /** A land-boundary dispute between a Jiangshan and a Pucheng village (valid, consent given). */
    public static Map<String, Object> disputeBody(String title, String partnerJurisdiction) {
        Map<String, Object> applicant = party("毛某", "APPLICANT", "330881", "zh");
        applicant.put("idNumber", VALID_ID);
        applicant.put("contact", "13800138000");
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "PATROL");
        body.put("kind", "LAND_BOUNDARY");
        body.put("title", title);
        body.put("description", "江山市廿八都镇与浦城县村民因山林边界界桩位置发生争执，双方多次到现场对峙。");
        body.put("reportedAt", "2026-03-01T09:30:00+08:00");
        body.put("place", "三山边界社会治理中心");
        body.put("countyCode", "330881");
        body.put("township", "廿八都镇");
        body.put("amountAtStake", new java.math.BigDecimal("86000.50"));
        body.put("riskLevel", "MEDIUM");
        body.put("riskReasons", List.of("双方多次现场对峙"));
        body.put("consent", true);
        body.put("parties", List.of(applicant, party("周某", "RESPONDENT", partnerJurisdiction, "zh")));
        return body;
    }

    public static long count(AgroalDataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
