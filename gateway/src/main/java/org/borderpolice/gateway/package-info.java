/**
 * The gateway's rules without infrastructure: which service answers a path ({@link
 * org.borderpolice.gateway.Routes}), the request id a request carries ({@link
 * org.borderpolice.gateway.RequestIds}).
 */
package org.borderpolice.gateway;
