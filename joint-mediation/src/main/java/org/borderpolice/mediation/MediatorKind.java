package org.borderpolice.mediation;

/**
 * 调解员类别: who sits on a joint mediation team. A 洋娘舅 (foreign-national mediator) always
 * has a nationality other than Chinese and the languages they mediate in.
 */
public enum MediatorKind {
    POLICE("民警"),
    JUDICIAL_OFFICE("司法所"),
    COMMUNITY("老娘舅"),
    FOREIGN_NATIONAL("洋娘舅"),
    LAWYER("律师");

    public final String label;

    MediatorKind(String label) {
        this.label = label;
    }
}
