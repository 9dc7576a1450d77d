/**
 * Errors as callers see them: RFC 9457 problem documents, the neutral refusals services throw
 * ({@link org.borderpolice.federation.problem.ProblemException}: not found, forbidden, conflict,
 * invalid, limit reached) and their one REST mapping, and the classifier of unexpected failures
 * shared by REST, gRPC and the inbox. Services throw these, never JAX-RS or gRPC exceptions; the
 * gRPC mapping is {@code grpc.SanitizedGrpcErrors}.
 */
package org.borderpolice.federation.problem;
