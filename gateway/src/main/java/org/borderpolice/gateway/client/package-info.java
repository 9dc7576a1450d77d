/** The gateway's calls to the services behind it: one HTTP client, the services' addresses. */
package org.borderpolice.gateway.client;
