package io.stadb.codec;

import java.util.Arrays;

/**
 * How a block's numbers were printed: which path-table fields are on, each field's width, and the
 * number of fraction digits ({@code -digits}). Tables use {@link #width(int)} of {@link Col#SLACK} for
 * all their numbers. OpenSTA's width rule is digits + 5 (Fanout: 5 before mid-2020, 6 after), but the
 * widths are kept as read, so a report with other widths still renders exactly.
 */
public final class Layout {
    /** The description column width in every format and version. */
    public static final int DESCRIPTION_WIDTH = 36;
    /** The widest numeric field a layout holds (widths are stored in a byte; OpenSTA's are digits + 5). */
    public static final int MAX_FIELD_WIDTH = 64;

    private int fieldMask;
    private final int[] width = new int[Col.COUNT];
    private int digits;

    public void clear() {
        fieldMask = 0;
        Arrays.fill(width, 0);
        digits = 0;
    }

    public void copyFrom(Layout o) {
        fieldMask = o.fieldMask;
        System.arraycopy(o.width, 0, width, 0, Col.COUNT);
        digits = o.digits;
    }

    public boolean has(int col) {
        return (fieldMask & (1 << col)) != 0;
    }

    public Layout enable(int col, int w) {
        fieldMask |= 1 << col;
        width[col] = w;
        return this;
    }

    public int fieldMask() {
        return fieldMask;
    }

    public void setFieldMask(int mask) {
        fieldMask = mask;
    }

    public int width(int col) {
        return width[col];
    }

    public void setWidth(int col, int w) {
        width[col] = w;
    }

    public int digits() {
        return digits;
    }

    public Layout setDigits(int d) {
        digits = d;
        return this;
    }

    /** Fraction digits of a column: fanout is an integer, every other number uses {@link #digits()}. */
    public int digitsOf(int col) {
        return col == Col.FANOUT ? 0 : digits;
    }

    /** The dash-line length OpenSTA prints under a path-table header: the widths + edge + description + 6. */
    public int pathDashLength() {
        int sum = 1 + DESCRIPTION_WIDTH + 6;
        for (int c = 0; c < Col.COUNT; c++) {
            if (has(c)) {
                sum += width[c];
            }
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && l.fieldMask == fieldMask && l.digits == digits
            && Arrays.equals(l.width, width);
    }

    @Override
    public int hashCode() {
        return fieldMask * 31 + digits * 7 + Arrays.hashCode(width);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Layout[digits=").append(digits);
        for (int c = 0; c < Col.COUNT; c++) {
            if (has(c)) {
                sb.append(' ').append(Col.title(c)).append('=').append(width[c]);
            }
        }
        return sb.append(']').toString();
    }
}
