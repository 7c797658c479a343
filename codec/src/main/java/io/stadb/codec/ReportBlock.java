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

    private int rows;
    private byte[] rowKind = new byte[64];
    private byte[] rowFlags = new byte[64];
    private byte[] edge = new byte[64];
    private final long[][] num = new long[Col.COUNT][64];
    private int[] nameOff = new int[64];
    private int[] nameLen = new int[64];
    private int[] auxOff = new int[64];
    private int[] auxLen = new int[64];
    private int[] extraOff = new int[64];
    private int[] extraLen = new int[64];
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
        if (rows == rowKind.length) {
            grow(rows * 2);
        }
        int r = rows++;
        rowKind[r] = kind;
        rowFlags[r] = 0;
        edge[r] = ' ';
        for (int c = 0; c < Col.COUNT; c++) {
            num[c][r] = Num.BLANK;
        }
        nameLen[r] = 0;
        auxLen[r] = 0;
        extraLen[r] = 0;
        nameOff[r] = 0;
        auxOff[r] = 0;
        extraOff[r] = 0;
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
        rowKind = Arrays.copyOf(rowKind, cap);
        rowFlags = Arrays.copyOf(rowFlags, cap);
        edge = Arrays.copyOf(edge, cap);
        for (int c = 0; c < Col.COUNT; c++) {
            num[c] = Arrays.copyOf(num[c], cap);
        }
        nameOff = Arrays.copyOf(nameOff, cap);
        nameLen = Arrays.copyOf(nameLen, cap);
        auxOff = Arrays.copyOf(auxOff, cap);
        auxLen = Arrays.copyOf(auxLen, cap);
        extraOff = Arrays.copyOf(extraOff, cap);
        extraLen = Arrays.copyOf(extraLen, cap);
    }

    public byte rowKind(int r) {
        return rowKind[r];
    }

    public void setRowKind(int r, byte k) {
        rowKind[r] = k;
    }

    public byte rowFlags(int r) {
        return rowFlags[r];
    }

    public boolean rowHas(int r, byte flag) {
        return (rowFlags[r] & flag) != 0;
    }

    public void setRowFlags(int r, byte f) {
        rowFlags[r] = f;
    }

    public void addRowFlag(int r, byte f) {
        rowFlags[r] |= f;
    }

    public byte edge(int r) {
        return edge[r];
    }

    public void setEdge(int r, byte e) {
        edge[r] = e;
    }

    public long num(int r, int col) {
        return num[col][r];
    }

    public void setNum(int r, int col, long v) {
        num[col][r] = v;
    }

    /** The whole column array (valid up to {@link #rowCount()}): for scans that must not call per cell. */
    public long[] column(int col) {
        return num[col];
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
        nameOff[r] = store(src, off, len);
        nameLen[r] = len;
    }

    public void setAux(int r, byte[] src, int off, int len) {
        auxOff[r] = store(src, off, len);
        auxLen[r] = len;
        rowFlags[r] |= RowKind.F_AUX;
    }

    /**
     * {@link #setName} and {@link #setAux} of two pieces of one source line ({@code auxOff >= nameOff + nameLen}),
     * stored with one copy of the span that holds both.
     */
    public void setNameAndAux(int r, byte[] src, int nameOff, int nameLen, int auxOff, int auxLen) {
        int at = store(src, nameOff, auxOff + auxLen - nameOff);
        this.nameOff[r] = at;
        this.nameLen[r] = nameLen;
        this.auxOff[r] = at + (auxOff - nameOff);
        this.auxLen[r] = auxLen;
        rowFlags[r] |= RowKind.F_AUX;
    }

    public void setExtra(int r, byte[] src, int off, int len) {
        extraOff[r] = store(src, off, len);
        extraLen[r] = len;
        rowFlags[r] |= RowKind.F_EXTRA;
    }

    public int nameOff(int r) {
        return nameOff[r];
    }

    public int nameLen(int r) {
        return nameLen[r];
    }

    public int auxOff(int r) {
        return auxOff[r];
    }

    public int auxLen(int r) {
        return auxLen[r];
    }

    public int extraOff(int r) {
        return extraOff[r];
    }

    public int extraLen(int r) {
        return extraLen[r];
    }

    public String name(int r) {
        return new String(arena, nameOff[r], nameLen[r], StandardCharsets.ISO_8859_1);
    }

    /** The parenthesised part (cell, reason, label suffix) or JSON value; empty when absent. */
    public String aux(int r) {
        return new String(arena, auxOff[r], auxLen[r], StandardCharsets.ISO_8859_1);
    }

    public String extra(int r) {
        return new String(arena, extraOff[r], extraLen[r], StandardCharsets.ISO_8859_1);
    }

    /** True when row {@code r}'s name equals the ASCII text {@code s}. */
    public boolean nameIs(int r, String s) {
        return textIs(nameOff[r], nameLen[r], s);
    }

    public boolean auxIs(int r, String s) {
        return textIs(auxOff[r], auxLen[r], s);
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
        if (rowKind.length < o.rows) {
            grow(o.rows);
        }
        rows = o.rows;
        System.arraycopy(o.rowKind, 0, rowKind, 0, rows);
        System.arraycopy(o.rowFlags, 0, rowFlags, 0, rows);
        System.arraycopy(o.edge, 0, edge, 0, rows);
        for (int c = 0; c < Col.COUNT; c++) {
            System.arraycopy(o.num[c], 0, num[c], 0, rows);
        }
        System.arraycopy(o.nameOff, 0, nameOff, 0, rows);
        System.arraycopy(o.nameLen, 0, nameLen, 0, rows);
        System.arraycopy(o.auxOff, 0, auxOff, 0, rows);
        System.arraycopy(o.auxLen, 0, auxLen, 0, rows);
        System.arraycopy(o.extraOff, 0, extraOff, 0, rows);
        System.arraycopy(o.extraLen, 0, extraLen, 0, rows);
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
            if (rowKind[r] != o.rowKind[r] || rowFlags[r] != o.rowFlags[r] || edge[r] != o.edge[r]) {
                return false;
            }
            for (int c = 0; c < Col.COUNT; c++) {
                if (num[c][r] != o.num[c][r]) {
                    return false;
                }
            }
            if (!Arrays.equals(arena, nameOff[r], nameOff[r] + nameLen[r],
                    o.arena, o.nameOff[r], o.nameOff[r] + o.nameLen[r])
                || !Arrays.equals(arena, auxOff[r], auxOff[r] + auxLen[r],
                    o.arena, o.auxOff[r], o.auxOff[r] + o.auxLen[r])
                || !Arrays.equals(arena, extraOff[r], extraOff[r] + extraLen[r],
                    o.arena, o.extraOff[r], o.extraOff[r] + o.extraLen[r])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ReportBlock[" + kind + ", rows=" + rows + ", line=" + sourceLine + "]";
    }
}
