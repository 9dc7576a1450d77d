package db.migration;

/**
 * The indexed text of an alert now carries its Chinese characters after its words (see
 * ChineseText): segment the alerts stored before that again.
 */
public class V7__Index_characters_for_search extends AlertSearchText {}
