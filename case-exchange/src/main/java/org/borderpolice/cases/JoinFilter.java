package org.borderpolice.cases;

/**
 * What a list of requests to join a case is narrowed to (each null: any): the direction seen from
 * the caller's jurisdiction (requests to join its cases, or its own), the state, the case number.
 */
public record JoinFilter(AssistanceFilter.Direction direction, JoinState state, String caseNumber) {}
