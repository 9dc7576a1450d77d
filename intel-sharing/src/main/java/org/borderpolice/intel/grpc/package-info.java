/**
 * intel-sharing's gRPC services for partners (hit/no-hit checks): they authenticate the peer and
 * delegate to the services; refusals come from the services as neutral problems.
 */
package org.borderpolice.intel.grpc;
