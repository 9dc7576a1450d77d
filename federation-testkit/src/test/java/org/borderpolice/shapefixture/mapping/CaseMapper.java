package org.borderpolice.shapefixture.mapping;

/** Breaks "mapping does not depend on rest". */
public class CaseMapper {
    public static org.borderpolice.shapefixture.rest.CaseView toView(String id) {
        return new org.borderpolice.shapefixture.rest.CaseView(id);
    }
}
