package org.borderpolice.shapefixture.rest;

public record CaseView(String id) {}
