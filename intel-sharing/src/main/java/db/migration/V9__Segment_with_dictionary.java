package db.migration;

/**
 * Place names and police words that smartcn splits into characters are now joined into words
 * (ChineseText's dictionary): segment the alerts stored before that again, so that PostgreSQL's
 * statistics count those words (the table is analysed after, for the planner to see them at once).
 */
public class V9__Segment_with_dictionary extends AlertSearchText {}
