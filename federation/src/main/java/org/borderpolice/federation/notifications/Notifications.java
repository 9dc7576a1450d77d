package org.borderpolice.federation.notifications;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.trust.TrustList;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Writes notifications in the caller's transaction (they exist if what they tell of committed,
 * and never otherwise) and reads a user's: those of the user's jurisdiction addressed to one of
 * the user's roles or to the user, the rule in the WHERE clause. A user is addressed by the token's
 * subject or by its login name ({@code preferred_username}, as a mediator's directory account or
 * an assigned officer is typed): both of the user's own jurisdiction's identity provider, the only
 * one whose users read these notifications.
 *
 * <p>A login name can pass to another person (renamed, or freed and taken again), a subject never
 * does (review 28 S3). So the subject that holds a login name is kept from the first read of its
 * notifications ({@code federation.notification_user}): a notification addressed by login name
 * after that is stored with the holder's subject, one addressed before it is read by the holder
 * alone, and when another subject comes with the login name, what is still stored under the name
 * goes to the subject that held it before the name passes on. Two subjects with one login name
 * never read each other's notifications.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    /** Longest title stored; a longer one is cut (titles name records whose titles are longer). */
    public static final int TITLE = 200;

    /** A login name that a subject holds is stored as that subject. */
    private static final String INSERT = "INSERT INTO federation.notification "
            + "(kind, record_type, record_id, jurisdiction, roles, subject, title, once_key) "
            + "VALUES (?, ?, ?, ?, ?, coalesce((SELECT u.subject FROM federation.notification_user u "
            + "WHERE u.jurisdiction = ? AND u.username = ?), ?), ?, ?) ON CONFLICT (once_key) DO NOTHING";

    /**
     * By subject; by login name only while this subject holds it, in the same snapshot as the
     * rows (a login name passing on moves its rows in the same transaction as the holder).
     */
    private static final String READ = "SELECT id, kind, record_type, record_id, title, created_at "
            + "FROM federation.notification WHERE jurisdiction = ? AND id > ? "
            + "AND (subject = ? OR (subject = ? AND EXISTS (SELECT 1 FROM federation.notification_user u "
            + "WHERE u.jurisdiction = ? AND u.username = ? AND u.subject = ?)) OR roles && ?::varchar[]) "
            + "ORDER BY id LIMIT ?";

    private static final String HOLDER =
            "SELECT subject FROM federation.notification_user WHERE jurisdiction = ? AND username = ?";

    private final AgroalDataSource dataSource;
    private final TrustList trustList;

    @Inject
    public Notifications(AgroalDataSource dataSource, TrustList trustList) {
        this.dataSource = dataSource;
        this.trustList = trustList;
    }

    /** Notify {@code to} that {@code kind} happened to a record. */
    @Transactional
    public void notify(String kind, String recordType, String recordId, Recipient to, String title) {
        insert(kind, recordType, recordId, to, title, null);
    }

    /**
     * Notify {@code to} once: nothing when a notification with the same {@code onceKey} was
     * given (a scheduled reminder that runs again, or on several replicas at once). True when
     * this call gave it.
     */
    @Transactional
    public boolean notifyOnce(
            String onceKey, String kind, String recordType, String recordId, Recipient to, String title) {
        if (onceKey == null || onceKey.isEmpty() || onceKey.length() > 200) {
            throw new IllegalArgumentException("a once key is 1 to 200 characters");
        }
        return insert(kind, recordType, recordId, to, title, onceKey);
    }

    private boolean insert(
            String kind, String recordType, String recordId, Recipient to, String title, String onceKey) {
        if (!to.jurisdiction().equals(trustList.selfCode())) {
            // a partner's users read their own jurisdiction's services, never ours
            throw new IllegalArgumentException(
                    "a notification is for users of " + trustList.selfCode() + ", not of " + to.jurisdiction());
        }
        String t = title.strip();
        // counted as the column counts (characters, not UTF-16 units): a name in CJK Extension B
        // or an emoji is one character of two units (review 26 M1)
        if (t.codePointCount(0, t.length()) > TITLE) {
            t = t.substring(0, t.offsetByCodePoints(0, TITLE - 1)) + "…";
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, kind);
            ps.setString(2, recordType);
            ps.setString(3, recordId);
            ps.setString(4, to.jurisdiction());
            ps.setArray(
                    5,
                    to.roles() == null
                            ? null
                            : c.createArrayOf("varchar", to.roles().toArray()));
            ps.setString(6, to.jurisdiction());
            ps.setString(7, to.subject());
            ps.setString(8, to.subject());
            ps.setString(9, t);
            ps.setString(10, onceKey);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not write a notification", e);
        }
    }

    /** The caller's notifications after {@code after}, oldest first, at most {@code limit} (a token without a login name). */
    public List<Notification> after(BorderPrincipal caller, long after, int limit) {
        return after(caller, null, after, limit);
    }

    /**
     * The notifications after {@code after} of the caller whose login name is {@code username}
     * (null: none), oldest first, at most {@code limit}.
     */
    public List<Notification> after(BorderPrincipal caller, String username, long after, int limit) {
        if (username != null) {
            hold(caller, username);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(READ)) {
            Array roles = c.createArrayOf("varchar", caller.roles().toArray());
            ps.setString(1, caller.jurisdiction());
            ps.setLong(2, after);
            ps.setString(3, caller.subject());
            ps.setString(4, username);
            ps.setString(5, caller.jurisdiction());
            ps.setString(6, username);
            ps.setString(7, caller.subject());
            ps.setArray(8, roles);
            ps.setInt(9, limit);
            List<Notification> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(new Notification(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return page;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read notifications", e);
        }
    }

    /**
     * Records that the caller's subject holds {@code username}: at first sight; and when another
     * subject held it, what is still stored under the name is that subject's (it was addressed
     * while the name was theirs) before the name passes to the caller. One read when nothing
     * changes.
     */
    void hold(BorderPrincipal caller, String username) {
        if (caller.subject().equals(holder(caller.jurisdiction(), username))) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO federation.notification_user "
                        + "(jurisdiction, username, subject) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, caller.jurisdiction());
                    ps.setString(2, username);
                    ps.setString(3, caller.subject());
                    ps.executeUpdate();
                }
                String before;
                try (PreparedStatement ps = c.prepareStatement(HOLDER + " FOR UPDATE")) {
                    ps.setString(1, caller.jurisdiction());
                    ps.setString(2, username);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        before = rs.getString(1);
                    }
                }
                if (before.equals(caller.subject())) {
                    return;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE federation.notification SET subject = ? " + "WHERE jurisdiction = ? AND subject = ?")) {
                    ps.setString(1, before);
                    ps.setString(2, caller.jurisdiction());
                    ps.setString(3, username);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE federation.notification_user "
                        + "SET subject = ?, seen_at = now() WHERE jurisdiction = ? AND username = ?")) {
                    ps.setString(1, caller.subject());
                    ps.setString(2, caller.jurisdiction());
                    ps.setString(3, username);
                    ps.executeUpdate();
                }
                LOG.infof(
                        "login name %s of %s passed from subject %s to %s: its earlier notifications stay with %s",
                        username, caller.jurisdiction(), before, caller.subject(), before);
            } catch (SQLException e) {
                throw new IllegalStateException("could not record who holds a login name", e);
            }
        });
    }

    private String holder(String jurisdiction, String username) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(HOLDER)) {
            ps.setString(1, jurisdiction);
            ps.setString(2, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read who holds a login name", e);
        }
    }

    /** The newest id (0: none), of anybody's: whether a stream has anything to look for. */
    public long newest() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM federation.notification");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the newest notification", e);
        }
    }
}
