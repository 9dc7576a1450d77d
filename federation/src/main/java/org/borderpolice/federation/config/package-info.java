/**
 * The settings of the federation core ({@code border.federation.*}, {@code border.search.*}) as
 * {@code @ConfigMapping} interfaces; every one is in docs/configuration.md. A service's own
 * settings live in its own {@code config} package.
 */
package org.borderpolice.federation.config;
