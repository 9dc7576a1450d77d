/**
 * Validators of the identifiers and values every service takes: GB/T 2260 division codes,
 * resident ID numbers, vehicle plates, mobile numbers, record ids, single-line text, storable
 * times, list sizes. Not here: a record's own rules (its request types and services).
 */
package org.borderpolice.federation.validation;
