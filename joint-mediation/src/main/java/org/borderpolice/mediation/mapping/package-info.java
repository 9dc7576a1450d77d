/** Disputes to and from their replication messages (border/mediation/v1). */
package org.borderpolice.mediation.mapping;
