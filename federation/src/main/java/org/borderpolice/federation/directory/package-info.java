/**
 * The liaison directory (联谊) of the cooperation agreement: the agreement itself (from
 * configuration), each jurisdiction's units, liaison officers and 24-hour duty contacts of the
 * rapid-response mechanism (快速反应机制), joint meetings with a rotating chair and minutes, and
 * joint patrols. Built on the replication building blocks only; its beans exist only in the
 * service built with {@code border.federation.directory.enabled=true} (one service per
 * jurisdiction hosts it; the gateway routes {@code /api/v1/directory} there).
 */
package org.borderpolice.federation.directory;
