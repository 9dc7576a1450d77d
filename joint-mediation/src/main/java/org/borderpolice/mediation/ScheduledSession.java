package org.borderpolice.mediation;

/** A session with its dispute, as a sessions calendar (调解日程) lists it. */
public record ScheduledSession(MediationSession session, Dispute dispute) {}
