package org.borderpolice.intel.grpc;

import jakarta.inject.Inject;

import org.borderpolice.federation.grpc.GrpcPeers;
import org.borderpolice.federation.proto.intel.v1.HitCheckRequest;
import org.borderpolice.federation.proto.intel.v1.HitCheckResponse;
import org.borderpolice.federation.proto.intel.v1.HitCheckService;
import org.borderpolice.intel.service.HitChecks;

import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Partners' hit/no-hit checks against our alerts (role peer). */
@GrpcService
public class HitCheckGrpcService implements HitCheckService {

    @Inject
    HitChecks hitChecks;

    @Inject
    CurrentIdentityAssociation identities;

    @Override
    public Uni<HitCheckResponse> check(HitCheckRequest request) {
        return GrpcPeers.peer(identities).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(peer -> hitChecks.answer(peer, request));
    }
}
