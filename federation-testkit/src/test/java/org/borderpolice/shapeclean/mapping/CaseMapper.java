package org.borderpolice.shapeclean.mapping;

public class CaseMapper {
    public static String title(org.borderpolice.shapeclean.Case c) {
        return String.valueOf(c);
    }
}
