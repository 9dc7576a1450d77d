package org.borderpolice.mediation.client;

import java.io.Closeable;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import org.borderpolice.federation.problem.ConflictProblem;
import org.borderpolice.federation.problem.ForbiddenProblem;
import org.borderpolice.federation.problem.InvalidProblem;
import org.borderpolice.federation.problem.LimitReachedProblem;
import org.borderpolice.federation.problem.ProblemException;
import org.borderpolice.generated.caseexchange.api.ApiException;
import org.borderpolice.generated.caseexchange.api.CasesApi;
import org.borderpolice.generated.caseexchange.model.CaseCategory;
import org.borderpolice.generated.caseexchange.model.CasePage;
import org.borderpolice.generated.caseexchange.model.CaseRequest;
import org.borderpolice.generated.caseexchange.model.CaseView;
import org.borderpolice.generated.caseexchange.model.Problem;
import org.borderpolice.generated.caseexchange.model.SubjectInput;
import org.borderpolice.generated.caseexchange.model.SubjectKind;
import org.borderpolice.generated.caseexchange.model.SubjectRole;
import org.borderpolice.mediation.config.EscalationConfig;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * case-exchange of this jurisdiction, through the client generated from its OpenAPI document
 * ({@link CasesApi}). The caller's own bearer token goes with the call: case-exchange decides by
 * its own rules whether that user may open a case, and its refusal comes back as ours (403, 400,
 * 409, 429). A call that gets no answer (connection refused, a 5xx, too slow) is tried again a few
 * times and, when case-exchange keeps failing, the circuit opens for a while; the caller then gets
 * {@link CaseExchangeUnavailable}. Safe to repeat, by anyone: case-exchange opens one case per
 * linked dispute and answers a later filing naming the dispute with that case (200 instead of 201,
 * the same {@link CaseView}), whoever files it and with whatever idempotency key.
 */
@ApplicationScoped
// on the class: every call below is tried again and timed out alike, each method with its own circuit
@Retry(
        maxRetries = 3,
        delay = 300,
        jitter = 100,
        retryOn = {CaseExchangeUnavailable.class, TimeoutException.class})
@Timeout(value = 8, unit = ChronoUnit.SECONDS)
@CircuitBreaker(
        requestVolumeThreshold = 8,
        failureRatio = 0.75,
        delay = 10,
        delayUnit = ChronoUnit.SECONDS,
        skipOn = ProblemException.class)
public class CaseExchange {

    @Inject
    EscalationConfig config;

    /**
     * Open the case (OPEN at once) for an escalated dispute, as the user whose token this is; or,
     * when case-exchange holds one for the dispute already, that case.
     */
    public OpenedCase open(String token, CaseOpening opening) {
        return call(token, api -> {
            CaseView opened = api.fileCase(request(opening), true, opening.idempotencyKey());
            return new OpenedCase(opened.getId(), opened.getNumber(), opened.getLinkedDispute());
        });
    }

    /**
     * The case case-exchange holds for this dispute (at most one: it keeps one case per linked
     * dispute), as the user whose token this is, or empty; for an escalation whose case was opened
     * but never recorded by the dispute (a crash or a rollback after case-exchange committed).
     */
    public Optional<OpenedCase> linkedTo(String token, UUID dispute) {
        return call(token, api -> {
            CasePage page = api.listCases(null, null, 1, dispute, null, null, null, null);
            return page.getItems() == null
                    ? Optional.empty()
                    : page.getItems().stream()
                            .filter(c -> dispute.equals(c.getLinkedDispute()))
                            .findFirst()
                            .map(c -> new OpenedCase(c.getId(), c.getNumber(), c.getLinkedDispute()));
        });
    }

    /** One call of case-exchange's API. */
    @FunctionalInterface
    private interface Call<T> {
        T on(CasesApi api) throws ApiException;
    }

    /**
     * {@code call} on a client of its own, with the caller's token, closed with the call; an answer
     * of 400 and above as ours ({@link #refusal}), no answer as {@link CaseExchangeUnavailable}.
     */
    private <T> T call(String token, Call<T> call) {
        // a client per call: the token is this caller's
        CasesApi api = RestClientBuilder.newBuilder()
                .baseUri(config.caseExchangeUrl())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new BearerToken(token))
                .build(CasesApi.class);
        try {
            return call.on(api);
        } catch (ApiException e) {
            throw refusal(e);
        } catch (ProcessingException e) {
            throw new CaseExchangeUnavailable("case-exchange (" + config.caseExchangeUrl() + ") is not reachable", e);
        } finally {
            close(api);
        }
    }

    static CaseRequest request(CaseOpening o) {
        CaseRequest r = new CaseRequest()
                .category(CaseCategory.fromValue(o.category()))
                .title(o.title())
                .summary(o.summary())
                .occurredAt(o.occurredAt() == null ? null : o.occurredAt().atOffset(ZoneOffset.UTC))
                .township(o.township())
                .countyCode(o.countyCode())
                .linkedDispute(o.linkedDispute());
        for (CaseOpening.Person p : o.persons()) {
            r.addSubjectsItem(new SubjectInput()
                    .kind(SubjectKind.PERSON)
                    .value(p.idNumber())
                    .label(p.name())
                    .role(SubjectRole.RELATED));
        }
        return r;
    }

    /** case-exchange's answer of 400 and above, as ours: its refusals are the caller's, its failures pass. */
    private RuntimeException refusal(ApiException e) {
        int status = e.getResponse().getStatus();
        String detail = "case-exchange: " + detail(e);
        return switch (status) {
            case 401, 403 -> new ForbiddenProblem(detail);
            case 400 -> new InvalidProblem(detail);
            case 409, 422 -> new ConflictProblem(detail);
            case 429 -> new LimitReachedProblem(detail);
            default ->
                status >= 500
                        ? new CaseExchangeUnavailable("case-exchange answered " + status, e)
                        : new ConflictProblem(detail + " (HTTP " + status + ")");
        };
    }

    private static String detail(ApiException e) {
        try {
            Problem p = e.getResponse().readEntity(Problem.class);
            return p == null || p.getDetail() == null
                    ? "HTTP " + e.getResponse().getStatus()
                    : p.getDetail();
        } catch (RuntimeException unreadable) {
            return "HTTP " + e.getResponse().getStatus();
        }
    }

    private static void close(Object client) {
        if (client instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing held beyond the call
            }
        }
    }

    /** The caller's bearer token on the call (case-exchange trusts the same issuers). */
    static final class BearerToken implements ClientRequestFilter {

        private final String token;

        BearerToken(String token) {
            this.token = token;
        }

        @Override
        public void filter(ClientRequestContext request) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
    }
}
