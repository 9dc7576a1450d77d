/**
 * Calls to other services of this jurisdiction: case-exchange's REST API for escalation (民转刑),
 * through the client generated at build time from case-exchange's OpenAPI document
 * ({@code src/main/openapi/case-exchange.yaml}), with the caller's token forwarded and SmallRye
 * Fault Tolerance around each call.
 */
package org.borderpolice.mediation.client;
