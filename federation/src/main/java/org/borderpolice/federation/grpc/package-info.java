/**
 * The gRPC side shared by every service: the replication endpoint, peer authentication and
 * admission, limits per partner, mutual TLS, audit-anchor exchange, and the one mapping of failures
 * and refusals ({@code ProblemException}) to gRPC status ({@link
 * org.borderpolice.federation.grpc.SanitizedGrpcErrors}). A service's own gRPC services live in its
 * own {@code grpc} package and delegate to its services.
 */
package org.borderpolice.federation.grpc;
