package org.borderpolice.mediation;

/** 调解方式: in person at a place, or online (e.g. 人民法院在线调解平台, a video call). */
public enum SessionMode {
    OFFLINE("线下"),
    ONLINE("线上");

    public final String label;

    SessionMode(String label) {
        this.label = label;
    }
}
