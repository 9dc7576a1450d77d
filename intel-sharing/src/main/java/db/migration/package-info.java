/**
 * Flyway migrations of intel-sharing written in Java, where SQL alone cannot do the work
 * (re-segmenting the search text with the dictionary); the SQL migrations are resources.
 */
package db.migration;
