package org.borderpolice.federation.idempotency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.borderpolice.federation.identity.BorderPrincipal;
import org.borderpolice.federation.problem.InvalidProblem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

/**
 * Creation with an {@code Idempotency-Key} header: the first request with a key creates the
 * record; a repeat of the same request with the same key, by the same caller, within 24 hours
 * gets the record created the first time instead of a second one; the same key with a different
 * request is refused (422). The key is claimed with an insert in the creating transaction, so a
 * concurrent repeat waits for the first to commit (and then replays it) or to roll back (and then
 * goes ahead itself).
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = IdempotencyKeyReusedException.HEADER;
    /** Set on a response that repeats an earlier creation. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final String RETENTION = "24 hours";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    @Inject
    public IdempotencyKeys(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** What a creation returned, and whether it was created by an earlier request with the key. */
    public record Created<T>(T value, boolean replayed) {}

    /**
     * Create once per key: without a key, simply create; with one, create and remember the
     * created record's id, or return the record an earlier identical request created.
     *
     * @param operation names the endpoint (a key used for another operation is a different request)
     * @param request   the request body, compared with the first request's
     * @param create    creates the record in the current transaction
     * @param idOf      the id of a created record
     * @param earlier   loads the record created earlier, by id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> Created<T> once(
            BorderPrincipal caller,
            String key,
            String operation,
            Object request,
            Supplier<T> create,
            Function<T, String> idOf,
            Function<String, T> earlier) {
        if (key == null) {
            return new Created<>(create.get(), false);
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidProblem(HEADER + " must be 1 to 200 visible ASCII characters");
        }
        String owner = caller.jurisdiction() + "/" + caller.subject();
        byte[] fingerprint = fingerprint(operation, request);
        try (Connection c = dataSource.getConnection()) {
            forgetExpired(c, owner, key);
            try (PreparedStatement claim = c.prepareStatement("""
                    INSERT INTO federation.idempotency_key (owner, key, operation, fingerprint)
                    VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                claim.setString(1, owner);
                claim.setString(2, key);
                claim.setString(3, operation);
                claim.setBytes(4, fingerprint);
                if (claim.executeUpdate() == 0) {
                    return new Created<>(earlier.apply(earlierResource(c, owner, key, fingerprint)), true);
                }
            }
            T created = create.get();
            try (PreparedStatement done = c.prepareStatement(
                    "UPDATE federation.idempotency_key SET resource_id = ? WHERE owner = ? AND key = ?")) {
                done.setString(1, idOf.apply(created));
                done.setString(2, owner);
                done.setString(3, key);
                done.executeUpdate();
            }
            return new Created<>(created, false);
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency key store unavailable", e);
        }
    }

    /**
     * Whether an earlier request of this caller with this key and operation created its record
     * (within the 24 hours a key is remembered): a repeat will be answered with that record, so
     * an operation that checks its rules before it can call {@link #once} (an upload, whose body
     * is taken in first) skips them for a repeat: the rules may refuse now what they allowed then.
     * The repeat's body is still compared by {@link #once}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean completed(BorderPrincipal caller, String key, String operation) {
        if (key == null) {
            return false;
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidProblem(HEADER + " must be 1 to 200 visible ASCII characters");
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT 1 FROM federation.idempotency_key
                        WHERE owner = ? AND key = ? AND operation = ? AND resource_id IS NOT NULL
                          AND created_at >= now() - interval '%s'""".formatted(RETENTION))) {
            select.setString(1, caller.jurisdiction() + "/" + caller.subject());
            select.setString(2, key);
            select.setString(3, operation);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency key store unavailable", e);
        }
    }

    private static String earlierResource(Connection c, String owner, String key, byte[] fingerprint)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT fingerprint, resource_id FROM federation.idempotency_key WHERE owner = ? AND key = ?")) {
            select.setString(1, owner);
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next() || rs.getString(2) == null) {
                    throw new IllegalStateException("idempotency key " + key + " claimed without a record");
                }
                if (!Arrays.equals(rs.getBytes(1), fingerprint)) {
                    throw new IdempotencyKeyReusedException(
                            "this " + HEADER + " was already used with a different request");
                }
                return rs.getString(2);
            }
        }
    }

    /** Keys are remembered for 24 hours; drop this one if older, and a few other old ones. */
    private static void forgetExpired(Connection c, String owner, String key) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("""
                DELETE FROM federation.idempotency_key
                WHERE (owner = ? AND key = ? AND created_at < now() - interval '%1$s')
                   OR ctid IN (SELECT ctid FROM federation.idempotency_key
                               WHERE created_at < now() - interval '%1$s' LIMIT 20 FOR UPDATE SKIP LOCKED)""".formatted(RETENTION))) {
            delete.setString(1, owner);
            delete.setString(2, key);
            delete.executeUpdate();
        }
    }

    private byte[] fingerprint(String operation, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((operation + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return sha.digest(json.writeValueAsBytes(request));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
