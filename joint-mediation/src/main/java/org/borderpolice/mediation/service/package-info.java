/**
 * Intake, triage, status changes, reading and search of disputes, and their replication to every
 * jurisdiction involved. Other parts (the joint team) add jurisdictions to a dispute through
 * {@link org.borderpolice.mediation.service.DisputeInvolvement}.
 */
package org.borderpolice.mediation.service;
