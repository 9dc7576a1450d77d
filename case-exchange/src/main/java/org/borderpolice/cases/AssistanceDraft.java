package org.borderpolice.cases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a requester asks (validated at the REST boundary): of whom, on which case, what, about
 * whom, how urgently; {@code dueAt} null takes the priority's default deadline.
 */
public record AssistanceDraft(
        UUID caseId,
        String addressee,
        AssistanceKind kind,
        AssistancePriority priority,
        String details,
        List<CaseSubject> subjects,
        Instant dueAt) {}
