/**
 * Between entities and replication messages, one mapper per record (alert, acknowledgement,
 * sighting, disclosure), and times as the API and messages carry them. Nothing here depends on
 * {@code rest}: the REST views build themselves from entities.
 */
package org.borderpolice.intel.mapping;
