package io.stadb.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One report block held as primitive columns over its rows plus one byte arena for all its text, so a
 * parser or decoder can fill it again and again without allocating per point. Single-threaded and
 * reusable: {@link #clear(BlockKind)} keeps the arrays.
 *
 * <p>The facts queries need (start/end point, group, path type, corner, arrival, required, slack,
 * status) are not stored: {@link #deriveFacts()} finds them in the rows, so they can never disagree.
 */
public final class ReportBlock {
    /** Block flag: the input ended inside this block's last line, without a newline. */
    public static final int F_NO_FINAL_NEWLINE = 1;
    /** Block flag: a table block that continues the previous block's table (no header rows). */
    public static final int F_CONTINUATION = 2;

    private BlockKind kind = BlockKind.PATH;
    private int flags;
    private long sourceOffset = -1;
    private long sourceLine = -1;
    private final Layout layout = new Layout();

    /*
     * Rows are stored row-major: a parser fills one row at a time, and a row's cells then sit next to
     * each other in three arrays instead of fifteen (one bounds check and one cache line per array
     * for addRow, where column arrays cost one of each per column).
     */
    private static final int META = 4;            // kind, flags, edge, (spare)
    private static final int KIND = 0;
    private static final int FLAGS = 1;
    private static final int EDGE = 2;
    private static final int NUMS = Col.COUNT;    // Col.FANOUT .. Col.TIME
    private static final int TEXT = 6;            // name, aux, extra: offset and length each
    private static final int NAME_OFF = 0;
    private static final int NAME_LEN = 1;
    private static final int AUX_OFF = 2;
    private static final int AUX_LEN = 3;
    private static final int EXTRA_OFF = 4;
    private static final int EXTRA_LEN = 5;
    private static final int INITIAL_ROWS = 64;

    private int rows;
    private int capacity = INITIAL_ROWS;
    private byte[] meta = new byte[INITIAL_ROWS * META];
    private long[] num = new long[INITIAL_ROWS * NUMS];
    private int[] text = new int[INITIAL_ROWS * TEXT];
    private byte[] arena = new byte[4096];
    private int arenaLen;

    private final BlockFacts facts = new BlockFacts();

    public ReportBlock clear(BlockKind newKind) {
        kind = newKind;
        flags = 0;
        sourceOffset = -1;
        sourceLine = -1;
        layout.clear();
        rows = 0;
        arenaLen = 0;
        facts.reset();
        return this;
    }

    public BlockKind kind() {
        return kind;
    }

    public void setKind(BlockKind k) {
        kind = k;
    }

    public int flags() {
        return flags;
    }

    public void setFlags(int f) {
        flags = f;
    }

    public boolean hasFlag(int f) {
        return (flags & f) != 0;
    }

    public long sourceOffset() {
        return sourceOffset;
    }

    public long sourceLine() {
        return sourceLine;
    }

    /** Where the block's first line starts in its input (0-based byte offset, 1-based line). */
    public void setSource(long offset, long line) {
        sourceOffset = offset;
        sourceLine = line;
    }

    public Layout layout() {
        return layout;
    }

    public int rowCount() {
        return rows;
    }

    /** Appends a row of {@code kind} with every number blank and no text; returns its index. */
    public int addRow(byte kind) {
        if (rows == capacity) {
            grow(rows * 2);
        }
        int r = rows++;
        int m = r * META;
        meta[m + KIND] = kind;
        meta[m + FLAGS] = 0;
        meta[m + EDGE] = ' ';
        int n = r * NUMS;
        num[n] = Num.BLANK;
        num[n + 1] = Num.BLANK;
        num[n + 2] = Num.BLANK;
        num[n + 3] = Num.BLANK;
        num[n + 4] = Num.BLANK;
        num[n + 5] = Num.BLANK;
        int t = r * TEXT;
        text[t] = 0;
        text[t + 1] = 0;
        text[t + 2] = 0;
        text[t + 3] = 0;
        text[t + 4] = 0;
        text[t + 5] = 0;
        return r;
    }

    /** Drops rows from {@code newCount} on (their arena bytes stay until {@link #clear}). */
    public void truncateRows(int newCount) {
        if (newCount < 0 || newCount > rows) {
            throw new IndexOutOfBoundsException(newCount);
        }
        rows = newCount;
    }

    private void grow(int cap) {
        if (cap > Integer.MAX_VALUE / 8) { // 8 >= every stride: cap * stride must not overflow
            throw new StadbException("block over " + (Integer.MAX_VALUE / 8) + " rows");
        }
        meta = Arrays.copyOf(meta, cap * META);
        num = Arrays.copyOf(num, cap * NUMS);
        text = Arrays.copyOf(text, cap * TEXT);
        capacity = cap;
    }

    public byte rowKind(int r) {
        return meta[r * META + KIND];
    }

    public void setRowKind(int r, byte k) {
        meta[r * META + KIND] = k;
    }

    public byte rowFlags(int r) {
        return meta[r * META + FLAGS];
    }

    public boolean rowHas(int r, byte flag) {
        return (meta[r * META + FLAGS] & flag) != 0;
    }

    public void setRowFlags(int r, byte f) {
        meta[r * META + FLAGS] = f;
    }

    public void addRowFlag(int r, byte f) {
        meta[r * META + FLAGS] |= f;
    }

    public byte edge(int r) {
        return meta[r * META + EDGE];
    }

    public void setEdge(int r, byte e) {
        meta[r * META + EDGE] = e;
    }

    public long num(int r, int col) {
        return num[r * NUMS + col];
    }

    public void setNum(int r, int col, long v) {
        num[r * NUMS + col] = v;
    }

    // ---- text slots -------------------------------------------------------------------------------

    public byte[] arena() {
        return arena;
    }

    public int arenaLength() {
        return arenaLen;
    }

    private int store(byte[] src, int off, int len) {
        if (arenaLen + len > arena.length) {
            int need = arenaLen + len;
            if (need < 0) {
                throw new StadbException("block text over 2 GiB");
            }
            arena = Arrays.copyOf(arena, Math.max(need, arena.length * 2));
        }
        System.arraycopy(src, off, arena, arenaLen, len);
        int at = arenaLen;
        arenaLen += len;
        return at;
    }

    public void setName(int r, byte[] src, int off, int len) {
        int at = store(src, off, len);
        text[r * TEXT + NAME_OFF] = at;
        text[r * TEXT + NAME_LEN] = len;
    }

    public void setAux(int r, byte[] src, int off, int len) {
        int at = store(src, off, len);
        text[r * TEXT + AUX_OFF] = at;
        text[r * TEXT + AUX_LEN] = len;
        meta[r * META + FLAGS] |= RowKind.F_AUX;
    }

    /**
     * {@link #setName} and {@link #setAux} of two pieces of one source line ({@code auxOff >= nameOff + nameLen}),
     * stored with one copy of the span that holds both.
     */
    public void setNameAndAux(int r, byte[] src, int nameOff, int nameLen, int auxOff, int auxLen) {
        int at = store(src, nameOff, auxOff + auxLen - nameOff);
        int t = r * TEXT;
        text[t + NAME_OFF] = at;
        text[t + NAME_LEN] = nameLen;
        text[t + AUX_OFF] = at + (auxOff - nameOff);
        text[t + AUX_LEN] = auxLen;
        meta[r * META + FLAGS] |= RowKind.F_AUX;
    }

    public void setExtra(int r, byte[] src, int off, int len) {
        int at = store(src, off, len);
        text[r * TEXT + EXTRA_OFF] = at;
        text[r * TEXT + EXTRA_LEN] = len;
        meta[r * META + FLAGS] |= RowKind.F_EXTRA;
    }

    public int nameOff(int r) {
        return text[r * TEXT + NAME_OFF];
    }

    public int nameLen(int r) {
        return text[r * TEXT + NAME_LEN];
    }

    public int auxOff(int r) {
        return text[r * TEXT + AUX_OFF];
    }

    public int auxLen(int r) {
        return text[r * TEXT + AUX_LEN];
    }

    public int extraOff(int r) {
        return text[r * TEXT + EXTRA_OFF];
    }

    public int extraLen(int r) {
        return text[r * TEXT + EXTRA_LEN];
    }

    public String name(int r) {
        return new String(arena, nameOff(r), nameLen(r), StandardCharsets.ISO_8859_1);
    }

    /** The parenthesised part (cell, reason, label suffix) or JSON value; empty when absent. */
    public String aux(int r) {
        return new String(arena, auxOff(r), auxLen(r), StandardCharsets.ISO_8859_1);
    }

    public String extra(int r) {
        return new String(arena, extraOff(r), extraLen(r), StandardCharsets.ISO_8859_1);
    }

    /** True when row {@code r}'s name equals the ASCII text {@code s}. */
    public boolean nameIs(int r, String s) {
        return textIs(nameOff(r), nameLen(r), s);
    }

    public boolean auxIs(int r, String s) {
        return textIs(auxOff(r), auxLen(r), s);
    }

    private boolean textIs(int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (arena[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- facts -------------------------------------------------------------------------------------

    /** Finds the block's facts in its rows; call after filling a block (parsers and decoders do). */
    public BlockFacts deriveFacts() {
        facts.derive(this);
        return facts;
    }

    /** The facts found by the last {@link #deriveFacts()}. */
    public BlockFacts facts() {
        return facts;
    }

    /**
     * Copies everything from {@code o}, its facts as last derived included (used where a block must
     * outlive the parser's buffer, e.g. into the ingest ring, once per block).
     */
    public void copyFrom(ReportBlock o) {
        clear(o.kind);
        flags = o.flags;
        sourceOffset = o.sourceOffset;
        sourceLine = o.sourceLine;
        layout.copyFrom(o.layout);
        if (capacity < o.rows) {
            grow(o.rows);
        }
        rows = o.rows;
        System.arraycopy(o.meta, 0, meta, 0, rows * META);
        System.arraycopy(o.num, 0, num, 0, rows * NUMS);
        System.arraycopy(o.text, 0, text, 0, rows * TEXT);
        if (arena.length < o.arenaLen) {
            arena = new byte[o.arenaLen];
        }
        System.arraycopy(o.arena, 0, arena, 0, o.arenaLen);
        arenaLen = o.arenaLen;
        facts.copyFrom(o.facts); // the same rows: their facts need not be found again
    }

    /**
     * Structural equality: same kind, flags, layout and rows with the same numbers and texts (arena
     * placement may differ). The source position is not compared.
     */
    public boolean sameContent(ReportBlock o) {
        if (kind != o.kind || flags != o.flags || rows != o.rows || !layout.equals(o.layout)) {
            return false;
        }
        for (int r = 0; r < rows; r++) {
            if (!Arrays.equals(meta, r * META, r * META + META, o.meta, r * META, r * META + META)
                || !Arrays.equals(num, r * NUMS, r * NUMS + NUMS, o.num, r * NUMS, r * NUMS + NUMS)
                || !sameText(o, r, NAME_OFF) || !sameText(o, r, AUX_OFF) || !sameText(o, r, EXTRA_OFF)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text slot at {@code slot} (an offset field; its length follows it) of row r is equal. */
    private boolean sameText(ReportBlock o, int r, int slot) {
        int t = r * TEXT + slot;
        int off = text[t];
        int oOff = o.text[t];
        return Arrays.equals(arena, off, off + text[t + 1], o.arena, oOff, oOff + o.text[t + 1]);
    }

    @Override
    public String toString() {
        return "ReportBlock[" + kind + ", rows=" + rows + ", line=" + sourceLine + "]";
    }
}
