/**
 * Idempotency keys for creating requests: a repeated request with the same key (same caller,
 * within 24 h) returns what the first created; the same key with another request is refused.
 */
package org.borderpolice.federation.idempotency;
