package org.borderpolice.shapeclean;

/** An entity with its rules and nothing else. */
public class Case {
    String title;

    boolean titled() {
        return title != null && !title.isBlank();
    }
}
