/**
 * Flyway migrations of case-exchange written in Java, where SQL alone cannot do the work
 * (re-segmenting the search text with federation's ChineseText); the SQL migrations are resources.
 */
package db.migration;
