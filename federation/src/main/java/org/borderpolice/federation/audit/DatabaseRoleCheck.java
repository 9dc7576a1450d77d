package org.borderpolice.federation.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.borderpolice.federation.config.FederationConfig;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * A production start refuses to serve while the role it connects with could lift the audit log's
 * protection: a superuser, the owner (or a member of the owner's role) of a table or schema of
 * the database, or the database's owner. Such a role can disable the append-only triggers,
 * truncate the log or drop it. Allowed explicitly with
 * {@code border.federation.insecure.allow-owner-connection} (logged at WARN by ProductionSettings).
 */
@ApplicationScoped
public class DatabaseRoleCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseRoleCheck.class);

    /** What the connected role could do to the audit log: one line per reason, empty if nothing. */
    static final String POWERS = """
            SELECT 'it is a superuser' FROM pg_roles WHERE rolname = current_user AND rolsuper
            UNION ALL
            SELECT 'it owns (or is a member of the owner of) the database' FROM pg_database
            WHERE datname = current_database() AND pg_has_role(current_user, datdba, 'MEMBER')
            UNION ALL
            SELECT 'it owns (or is a member of the owner of) schema ' || n.nspname FROM pg_namespace n
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND pg_has_role(current_user, n.nspowner, 'MEMBER')
            UNION ALL
            SELECT 'it owns (or is a member of the owner of) ' || count(*) || ' table(s), e.g. '
                || min(n.nspname || '.' || c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_%' AND pg_has_role(current_user, c.relowner, 'MEMBER')
            HAVING count(*) > 0""";

    void check(@Observes @Priority(2) StartupEvent event, AgroalDataSource dataSource, FederationConfig config) {
        if (LaunchMode.current() != LaunchMode.NORMAL || config.insecure().allowOwnerConnection()) {
            return;
        }
        List<String> powers;
        try {
            powers = powers(dataSource);
        } catch (SQLException e) {
            String message =
                    "refusing to start: could not check the role this service connects with: " + e.getMessage();
            LOG.error(message);
            throw new IllegalStateException(message, e);
        }
        if (!powers.isEmpty()) {
            String message = "refusing to start: the role this service connects with could lift the audit log's "
                    + "protection (" + String.join("; ", powers) + "): connect as a role that owns nothing "
                    + "(README \"Running a service\"), or allow it explicitly with "
                    + "border.federation.insecure.allow-owner-connection=true";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    static List<String> powers(AgroalDataSource dataSource) throws SQLException {
        List<String> powers = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(POWERS)) {
            while (rs.next()) {
                powers.add(rs.getString(1) + " (role " + c.getMetaData().getUserName() + ")");
            }
        }
        return powers;
    }
}
