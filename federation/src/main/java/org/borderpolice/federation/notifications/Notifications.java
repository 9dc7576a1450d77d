package org.borderpolice.federation.notifications;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.audit.AuditEntry;
import org.borderpolice.federation.audit.AuditLog;
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
 * does (review 28 S3). A row addressed by login name keeps the name; who reads it is decided when
 * reading ({@code federation.notification_user}, {@link #hold}): the subject that last read with
 * the name holds it and reads the name's rows created after {@code held_since}; when another
 * subject comes with the name, the name changes hands (audited) and the new holder reads only the
 * rows created after the earlier holder's last read. A subject reads the rows of the login name in
 * its token only: renamed, it no longer reads its old name's.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    /** Longest title stored; a longer one is cut (titles name records whose titles are longer). */
    public static final int TITLE = 200;

    private static final String INSERT = "INSERT INTO federation.notification "
            + "(kind, record_type, record_id, jurisdiction, roles, subject, title, once_key) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (once_key) DO NOTHING";

    /**
     * A row names roles, a user, or both, and the caller must match all it names: any of the
     * roles; the user by subject, or by login name while this subject holds it and the row came
     * after the name passed to it (in the same snapshot as the holder). The holder's last read
     * moves on when the page has rows of the name (what it has read is never the next holder's).
     */
    private static final String READ = "WITH page AS (SELECT n.id, n.kind, n.record_type, n.record_id, n.title, "
            + "n.created_at, n.subject = ? AS by_name FROM federation.notification n "
            + "WHERE n.jurisdiction = ? AND n.id > ? AND (n.roles IS NULL OR n.roles && ?::varchar[]) "
            + "AND (n.subject IS NULL OR n.subject = ? "
            + "OR (n.subject = ? AND EXISTS (SELECT 1 FROM federation.notification_user u "
            + "WHERE u.jurisdiction = n.jurisdiction AND u.username = n.subject AND u.subject = ? "
            + "AND n.created_at > u.held_since))) ORDER BY n.id LIMIT ?), "
            + "seen AS (UPDATE federation.notification_user SET last_seen = now() "
            + "WHERE jurisdiction = ? AND username = ? AND subject = ? AND EXISTS (SELECT 1 FROM page WHERE by_name)) "
            + "SELECT id, kind, record_type, record_id, title, created_at FROM page ORDER BY id";

    /** The holder of a login name, and whether its last read is recent enough to leave as it is. */
    private static final String HOLDER = "SELECT subject, last_seen > now() - interval '30 seconds' "
            + "FROM federation.notification_user WHERE jurisdiction = ? AND username = ?";

    private final AgroalDataSource dataSource;
    private final TrustList trustList;
    private final AuditLog auditLog;

    @Inject
    public Notifications(AgroalDataSource dataSource, TrustList trustList, AuditLog auditLog) {
        this.dataSource = dataSource;
        this.trustList = trustList;
        this.auditLog = auditLog;
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

    /**
     * Withdraw the notification given once under {@code onceKey} (if any): what it tells is gone
     * here (a partner's alert revoked), and its title must not stay readable. Streams that sent it
     * already keep it; a later list no longer has it.
     */
    @Transactional
    public void withdrawOnce(String onceKey) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM federation.notification WHERE once_key = ?")) {
            ps.setString(1, onceKey);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not withdraw a notification", e);
        }
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
            ps.setString(6, to.subject());
            ps.setString(7, t);
            ps.setString(8, onceKey);
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
     * (null: none), oldest first, at most {@code limit}. Rows of the login name only while the
     * caller's subject holds it ({@link #hold}, called before: at a list call, a stream's open).
     */
    public List<Notification> after(BorderPrincipal caller, String username, long after, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(READ)) {
            Array roles = c.createArrayOf("varchar", caller.roles().toArray());
            // a token without a subject holds no login name: by role only (review 28 S1)
            String name = caller.subject() == null ? null : username;
            ps.setString(1, name);
            ps.setString(2, caller.jurisdiction());
            ps.setLong(3, after);
            ps.setArray(4, roles);
            ps.setString(5, caller.subject());
            ps.setString(6, name);
            ps.setString(7, caller.subject());
            ps.setInt(8, limit);
            ps.setString(9, caller.jurisdiction());
            ps.setString(10, name);
            ps.setString(11, caller.subject());
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
     * Records that the caller's subject reads with the login name {@code username} (at every list
     * call and stream open): the name's first reader holds it from its first row on; its holder's
     * last read moves on (at most every 30 seconds here; a read that returned rows of the name moves
     * it always); another subject takes the name: it reads the name's rows created from then on, and
     * the earlier holder none any more, not even those it had not read yet (audited as
     * {@code notifications.login-name-passed}). Nothing without a subject or a login name. One read
     * when nothing changes.
     */
    public void hold(BorderPrincipal caller, String username) {
        String subject = caller.subject();
        if (subject == null || username == null) {
            return;
        }
        String jurisdiction = caller.jurisdiction();
        if (fresh(jurisdiction, username, subject)) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO federation.notification_user "
                        + "(jurisdiction, username, subject) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, jurisdiction);
                    ps.setString(2, username);
                    ps.setString(3, subject);
                    if (ps.executeUpdate() == 1) {
                        return;
                    }
                }
                String before;
                Instant lastSeen;
                try (PreparedStatement ps = c.prepareStatement("SELECT subject, last_seen FROM "
                        + "federation.notification_user WHERE jurisdiction = ? AND username = ? FOR UPDATE")) {
                    ps.setString(1, jurisdiction);
                    ps.setString(2, username);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        before = rs.getString(1);
                        lastSeen = rs.getTimestamp(2).toInstant();
                    }
                }
                boolean passes = !before.equals(subject);
                try (PreparedStatement ps = c.prepareStatement(
                        passes
                                // from now on: what the name received before, read or not, was meant for the earlier
                                // holder (a renamed officer's unread assignment is never the next holder's)
                                ? "UPDATE federation.notification_user SET held_since = now(), subject = ?, "
                                        + "last_seen = now() WHERE jurisdiction = ? AND username = ?"
                                : "UPDATE federation.notification_user SET last_seen = now() "
                                        + "WHERE subject = ? AND jurisdiction = ? AND username = ?")) {
                    ps.setString(1, subject);
                    ps.setString(2, jurisdiction);
                    ps.setString(3, username);
                    ps.executeUpdate();
                }
                if (passes) {
                    auditLog.appendAll(
                            c,
                            List.of(new AuditEntry(
                                    subject,
                                    jurisdiction,
                                    "notifications.login-name-passed",
                                    "notification_user",
                                    // the audit's record ids are at most 64 characters; the detail names it always
                                    username.length() <= 64 ? username : null,
                                    "login name " + username + " from subject " + before + " (last read " + lastSeen
                                            + "): the name's notifications before now are not " + subject + "'s")));
                    LOG.infof(
                            "login name %s of %s passed from subject %s (last read %s) to %s",
                            username, jurisdiction, before, lastSeen, subject);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not record who holds a login name", e);
            }
        });
    }

    /** Whether {@code subject} holds the name and read with it in the last 30 seconds. */
    private boolean fresh(String jurisdiction, String username, String subject) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(HOLDER)) {
            ps.setString(1, jurisdiction);
            ps.setString(2, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && subject.equals(rs.getString(1)) && rs.getBoolean(2);
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
