package org.borderpolice.shapefixture.repository;

public class CaseRepository {}
