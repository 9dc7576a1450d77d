package org.borderpolice.federation.hitcheck;

import jakarta.inject.Inject;

import org.borderpolice.federation.grpc.GrpcPeers;
import org.borderpolice.federation.problem.Failures;
import org.borderpolice.federation.problem.ProblemException;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckRequest;
import org.borderpolice.federation.proto.hitcheck.v1.HitCheckResponse;
import org.jboss.logging.Logger;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Partners' hit/no-hit checks against our records of every type taking part (role peer): one
 * service answers for all of them. Refusals come with their status
 * and a plain description; any other failure is logged here with the check it concerns and
 * judged by the suite's one classifier ({@code SanitizedGrpcErrors}, {@code Failures}): overload
 * and passing failures UNAVAILABLE (the asker lists us as unavailable and may ask again), a fault
 * of ours INTERNAL, never with SQL or a stack trace.
 */
@GrpcService
public class HitCheckGrpcService
        extends org.borderpolice.federation.proto.hitcheck.v1.MutinyHitCheckServiceGrpc.HitCheckServiceImplBase {

    /** Requests that are no valid protobuf are refused (INVALID_ARGUMENT), not left to the server. */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return org.borderpolice.federation.grpc.UndecodableMessages.guard(super.bindService());
    }

    private static final Logger LOG = Logger.getLogger(HitCheckGrpcService.class);

    @Inject
    HitChecks hitChecks;

    @Inject
    CurrentIdentityAssociation identities;

    @Override
    public Uni<HitCheckResponse> check(HitCheckRequest request) {
        return GrpcPeers.peer(identities)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(peer -> answer(peer, request));
    }

    private HitCheckResponse answer(String peer, HitCheckRequest request) {
        try {
            return hitChecks.answer(peer, request);
        } catch (StatusRuntimeException | ProblemException e) {
            // a refusal: SanitizedGrpcErrors answers it with its status
            throw e;
        } catch (RuntimeException e) {
            // which check failed, and how it is judged; SanitizedGrpcErrors logs the exception under the
            // error id the partner gets and maps it to the status
            Failures.Kind kind = Failures.classify(e);
            LOG.infof("hit check %s of %s could not be answered: %s", request.getCheckId(), peer, kind);
            throw e;
        }
    }
}
