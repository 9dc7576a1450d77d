/**
 * intel-sharing's rules: who may publish, read, acknowledge, report, check and disclose, what is
 * replicated to whom, and the appliers of partners' records. Services throw the neutral problems of
 * {@code federation.problem}, never JAX-RS or gRPC exceptions, and take no REST types.
 */
package org.borderpolice.intel.service;
