package org.borderpolice.federation.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Vacuums the outbox every second in which the relay deleted delivered rows.
 *
 * <p>The outbox is a queue: rows are written and deleted all day, and the relay always claims
 * the oldest (index order), so each claim first steps over every row deleted since the last
 * VACUUM. Autovacuum comes at most once a minute per database; at 300 alerts/s to two partners
 * that is up to 36,000 deleted rows, and a claim's cost grew with them (pg_stat_statements in the
 * fan-out bench: 2.1 ms a claim, a third of PostgreSQL's time at the origin). Vacuumed every
 * second the claim stays near its cost on an empty table (a simulation of that load: 5-20 ms
 * growing through a minute, against a steady 0.6 ms). A VACUUM of the few pages a second leaves
 * costs a few milliseconds; {@code SKIP_LOCKED} so that replicas never wait for each other, and
 * the table never gives its empty end pages back (migration V5, {@code vacuum_truncate = false}):
 * that needs an exclusive lock, which VACUUM otherwise keeps trying to take for up to 5 s.
 *
 * <p>A VACUUM also reads every index of the outbox whole, so with a large backlog being drained it
 * costs more (80-110 ms a second while a million rows drained, a tenth of the server's time): it
 * runs at most {@value #MAX_SHARE_PERCENT} % of the time, the next one waiting out 19 times the
 * last one's duration. A drain does not need it more often: the relay's claims within one run
 * start after the rows they already sent, not over the deleted ones.
 *
 * <p>The service's database role owns no table: the federation migrations' afterMigrate grants it
 * PostgreSQL 17's MAINTAIN privilege on the outbox, which is what VACUUM asks of anyone but the owner.
 */
@ApplicationScoped
public class OutboxVacuum {

    private static final Logger LOG = Logger.getLogger(OutboxVacuum.class);

    private final AgroalDataSource dataSource;
    private final AtomicLong settledSinceVacuum = new AtomicLong();
    /** null until known; false when this service's database user may not vacuum the outbox. */
    private volatile Boolean mayVacuum;

    private volatile boolean failing;

    static final int MAX_SHARE_PERCENT = 5;
    /** System.nanoTime() before which no VACUUM runs (the last one's duration, stretched). */
    private volatile long notBefore = System.nanoTime();

    @Inject
    public OutboxVacuum(@io.quarkus.agroal.DataSource("background") AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The relay settled this many rows (deleted them, or set aside the few a partner refused). */
    void settled(long rows) {
        settledSinceVacuum.addAndGet(rows);
    }

    /** Every second by default; {@code border.federation.relay.vacuum-every=off} leaves it to autovacuum. */
    @Scheduled(
            identity = "vacuum-outbox",
            every = "${border.federation.relay.vacuum-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void vacuumIfRowsWereSettled() {
        long settled = settledSinceVacuum.get();
        if (settled == 0 || Boolean.FALSE.equals(mayVacuum) || System.nanoTime() - notBefore < 0) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction
            if (mayVacuum == null) {
                mayVacuum = mayVacuum(c);
                if (!mayVacuum) {
                    // PostgreSQL would skip it with a warning every second
                    LOG.warn("this service's database user neither owns the outbox nor holds MAINTAIN on it "
                            + "(PostgreSQL 17): left to autovacuum");
                    return;
                }
            }
            long started = System.nanoTime();
            s.execute("VACUUM (SKIP_LOCKED) federation.outbox");
            long ended = System.nanoTime();
            notBefore = nextAfter(started, ended);
            settledSinceVacuum.addAndGet(-settled);
            if (failing) {
                LOG.info("vacuuming the outbox again");
                failing = false;
            }
        } catch (SQLException e) {
            // once per outage, not once a second; autovacuum still runs meanwhile, only later
            if (!failing) {
                LOG.warnf("could not vacuum the outbox (left to autovacuum meanwhile): %s", e.getMessage());
                failing = true;
            }
        }
    }

    /** When the next VACUUM may start, so that they take at most MAX_SHARE_PERCENT of the time. */
    static long nextAfter(long startedNanos, long endedNanos) {
        return endedNanos + (endedNanos - startedNanos) * (100 / MAX_SHARE_PERCENT - 1);
    }

    /**
     * Whether this connection's user may VACUUM the outbox: its owner (or a member of the owning
     * role), or, from PostgreSQL 17, a holder of the MAINTAIN privilege on it.
     */
    static boolean mayVacuum(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                SELECT pg_has_role(relowner, 'USAGE')
                    OR (current_setting('server_version_num')::int >= 170000
                        AND has_table_privilege('federation.outbox', 'MAINTAIN'))
                FROM pg_class WHERE oid = 'federation.outbox'::regclass""")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
