package io.stadb.codec;

/**
 * The numeric columns of a row. Path table rows use them as OpenSTA's fields; other rows reuse the
 * same slots for their own numbers, as named below.
 */
public final class Col {
    private Col() {
    }

    public static final int FANOUT = 0;
    public static final int CAP = 1;
    public static final int SLEW = 2;
    public static final int DELAY = 3;
    public static final int VARIATION = 4;
    public static final int TIME = 5;
    public static final int COUNT = 6;

    /** End-table rows: required time. */
    public static final int REQUIRED = 0;
    /** End-table rows: arrival time. */
    public static final int ARRIVAL = 1;
    /** End, summary, slack_only and metric rows: the slack (or metric value). */
    public static final int SLACK = 2;
    /** Dash rows: the number of dashes. JSON lines: the indent. */
    public static final int LENGTH = 0;

    /** The column titles OpenSTA prints, in field order. */
    static final String[] TITLES = {"Fanout", "Cap", "Slew", "Delay", "Variation", "Time"};

    public static String title(int col) {
        return TITLES[col];
    }
}
