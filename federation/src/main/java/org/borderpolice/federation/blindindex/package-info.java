/**
 * Keyed hashes of identifiers under the agreement-wide blind-index key and its versions, so that
 * hit/no-hit checks match across jurisdictions without any identifier leaving its owner. Not here:
 * which records are hashed (the service indexes its own subjects).
 */
package org.borderpolice.federation.blindindex;
