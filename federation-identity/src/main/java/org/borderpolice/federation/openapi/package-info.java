/**
 * The OpenAPI document every service shares: the problem responses documented once for every
 * operation and the default server ({@link org.borderpolice.federation.openapi.ProblemResponses}).
 * Operation-specific responses stay on the resources.
 */
package org.borderpolice.federation.openapi;
