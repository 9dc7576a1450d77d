package org.borderpolice.shapeclean.repository;

public class CaseRepository {
    public String title(String id) {
        return null;
    }
}
