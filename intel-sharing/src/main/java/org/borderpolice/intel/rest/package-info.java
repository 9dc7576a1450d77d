/**
 * The REST API of intel-sharing, one resource per concern (alerts, acknowledgements, sightings,
 * hit checks, disclosures), with their request and view types. Resources read the caller and the
 * request and call services; they never reach a repository. Problem responses common to every
 * operation are documented once by federation's OpenAPI filter.
 */
package org.borderpolice.intel.rest;
