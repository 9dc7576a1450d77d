package org.borderpolice.shapefixture.rest;

/** Breaks "rest does not reach repository". */
public class CaseResource {
    org.borderpolice.shapefixture.repository.CaseRepository repository;
}
