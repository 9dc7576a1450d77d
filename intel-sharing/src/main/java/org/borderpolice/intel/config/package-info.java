/**
 * intel-sharing's own settings ({@code intel.*}) as {@code @ConfigMapping}; every one is in
 * docs/configuration.md.
 */
package org.borderpolice.intel.config;
