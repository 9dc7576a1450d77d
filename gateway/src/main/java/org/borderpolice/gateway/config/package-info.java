/** The gateway's settings ({@code border.gateway.*}): routes, timeouts, rate limits, the merged OpenAPI document. */
package org.borderpolice.gateway.config;
