/**
 * The testbed's REST API: creating, renaming and deleting probes, which replicate to partners.
 */
package org.borderpolice.testbed.rest;
