/**
 * Flyway migrations of joint-mediation written in Java, where SQL alone cannot do the work
 * (re-segmenting the search text with federation's ChineseText); the SQL migrations are resources.
 */
package db.migration;
