/**
 * Record numbers {@code <origin>-<year>-<6 digits>} (案件编号, 纠纷编号), gapless per origin and year,
 * from a counter table each service keeps in its own schema.
 */
package org.borderpolice.federation.numbering;
