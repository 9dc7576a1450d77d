package org.borderpolice.federation.directory;

/** What a unit is. */
public enum UnitKind {
    /** 派出所. */
    POLICE_STATION,
    /** 检查站 / 治安卡口. */
    CHECKPOINT,
    /** 刑侦大队. */
    CRIMINAL_POLICE,
    /** 指挥中心. */
    COMMAND_CENTRE,
    OTHER
}
