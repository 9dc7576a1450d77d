package org.borderpolice.cases.fast;

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
final class Callers {

    static final String VALID_ID = "330881199001011238";

    private Callers() {}

    /** A user of Jiangshan, the jurisdiction under test. */
    static RequestSpecification home(String... roles) {
        return as(SELF, roles);
    }

    /** A user of {@code code} calling Jiangshan's service. */
    static RequestSpecification as(String code, String... roles) {
        return given().auth()
                .oauth2(JurisdictionTestResource.issuer(code)
                        .token(SELF)
                        .roles(roles)
                        .unit("坛石派出所")
                        .sign());
    }

    /** A valid case body (REST) inviting these partners. */
    static Map<String, Object> caseBody(String title, String... participants) {
        Map<String, Object> body = new HashMap<>();
        body.put("category", "TELECOM_FRAUD");
        body.put("title", title);
        body.put("summary", "犯罪嫌疑人冒充客服，在江山、浦城两地实施电信网络诈骗。");
        body.put("occurredAt", "2026-03-01T10:00:00+08:00");
        body.put("township", "廿八都镇");
        body.put("countyCode", "330881");
        body.put("leadUnit", "江山市公安局刑侦大队");
        body.put("lossAmount", new java.math.BigDecimal("125000.50"));
        body.put("recoveredAmount", 30000);
        body.put(
                "subjects",
                List.of(
                        Map.of("kind", "PERSON", "value", VALID_ID, "label", "张某", "role", "SUSPECT"),
                        Map.of("kind", "VEHICLE", "value", "浙H12345"),
                        Map.of("kind", "PHONE", "value", "13800138000", "role", "SUSPECT"),
                        Map.of("kind", "BANK_ACCOUNT", "value", "6222021234567890", "role", "VICTIM")));
        body.put("participants", List.of(participants));
        return body;
    }

    static long count(AgroalDataSource db, String sql, Object... params) {
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

    /**
     * A copy of a row held here (every stored column) under a new id of {@code code}'s and with
     * {@code code} in {@code column}: a record of that jurisdiction, as if it had been received.
     */
    static String copyAs(AgroalDataSource db, String table, String id, String column, String code) {
        String copy =
                org.borderpolice.federation.validation.RecordIds.create(code).toString();
        try (var c = db.getConnection()) {
            java.util.List<String> columns = new java.util.ArrayList<>();
            try (var s = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                    + " AND is_generated = 'NEVER' AND column_name NOT IN ('id', ?)")) {
                s.setString(1, table);
                s.setString(2, column);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
            }
            String list = String.join(", ", columns);
            try (var s = c.prepareStatement("INSERT INTO " + table + " (id, " + column + ", " + list
                    + ") SELECT ?::uuid, ?, " + list + " FROM " + table + " WHERE id = ?::uuid")) {
                s.setString(1, copy);
                s.setString(2, code);
                s.setString(3, id);
                if (s.executeUpdate() != 1) {
                    throw new IllegalStateException("no row " + id + " in " + table);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return copy;
    }
}
