package org.borderpolice.intel;

/** Four-level early warning (四级预警: 红橙黄蓝), most urgent first. */
public enum Severity {
    RED,
    ORANGE,
    YELLOW,
    BLUE
}
