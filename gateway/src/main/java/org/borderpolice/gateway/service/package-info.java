/** The gateway's use cases beside routing: rate limits per client and partner, the merged OpenAPI document. */
package org.borderpolice.gateway.service;
