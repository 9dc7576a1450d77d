/**
 * The HTTP input rules of every service: strict JSON bodies and booleans, limits on bodies, URIs
 * and headers, and problem+json pages for what fails before JAX-RS. Not here: resources (a service's
 * {@code rest} package) or the problem documents themselves ({@code problem}).
 */
package org.borderpolice.federation.http;
