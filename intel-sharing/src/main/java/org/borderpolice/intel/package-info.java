/**
 * The domain of intel-sharing (联防): alerts, acknowledgements, sightings, disclosure requests,
 * their enums, rules and cursors, as entities and values. They depend on no layer of the service
 * and call no infrastructure (no REST, gRPC, database access or outbox).
 */
package org.borderpolice.intel;
