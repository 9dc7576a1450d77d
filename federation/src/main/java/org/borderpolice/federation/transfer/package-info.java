/**
 * Handing a record to another jurisdiction (先受理后移交), once for every service: the offer and
 * answer handshake carried as ordinary replicated records, its REST endpoints, its rules, and the
 * links between a closed record and the record that continues it. A service takes part by
 * implementing {@link org.borderpolice.federation.transfer.TransferableRecords} for a record type;
 * see docs/ownership-transfer.md for why a transferred record continues as a new record.
 */
package org.borderpolice.federation.transfer;
