package org.borderpolice.shapefixture;

/** Breaks the entity rules: reaches the database and a layer. */
public class Case {
    java.sql.Connection connection;

    void save() {
        new org.borderpolice.shapefixture.service.CaseService().find();
    }
}
