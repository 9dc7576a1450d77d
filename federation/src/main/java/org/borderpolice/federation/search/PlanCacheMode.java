package org.borderpolice.federation.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * How PostgreSQL plans the prepared statements of the current transaction ({@code SET LOCAL
 * plan_cache_mode}): the choice it makes by itself is wrong for our searches one way and for the
 * hit/no-hit match the other (see where each is used). Needs Hibernate ORM, which every service
 * with a database has (federation itself only compiles against it).
 */
public enum PlanCacheMode {
    /** Plan every execution with its actual values. */
    FORCE_CUSTOM_PLAN,
    /** Plan once per connection, whatever the values. */
    FORCE_GENERIC_PLAN;

    /** For the rest of the entity manager's current transaction. */
    public void setForTransaction(EntityManager em) {
        em.unwrap(Session.class).doWork(this::setForTransaction);
    }

    /** For the rest of the current transaction of this connection. */
    public void setForTransaction(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL plan_cache_mode = " + name().toLowerCase(Locale.ROOT));
        }
    }
}
