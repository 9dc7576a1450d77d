/**
 * The gateway's HTTP edge: the routes to the services ({@code ProxyRoutes}, vertx-http-proxy), its
 * own endpoints (who the caller is, the merged OpenAPI document) and its problem+json answers.
 */
package org.borderpolice.gateway.rest;
