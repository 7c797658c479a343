package io.stadb.codec.internal;

import io.stadb.codec.NameDictionary;
import io.stadb.codec.ReportBlock;
import io.stadb.codec.RowKind;

/**
 * The texts of a block that the encoder interns into the dictionary, in the order it interns them: per
 * row, its name, then its aux text, then its extra text, each only where {@link ChunkModel} codes it as a
 * dictionary id (not a verbatim row, not a JSON number). This one definition serves the encoder's
 * interning ahead ({@link ChunkModel} before coding a block's rows) and the ingest's interning on its own
 * thread ({@code io.stadb.codec.ChunkNames}), so both assign exactly the ids that row-by-row interning
 * would: new names get ids in first-seen order.
 *
 * <p>The conditions mirror {@code ChunkModel.rows} and {@code texts}: a row has a name where its template
 * says so, which while encoding is where the name is not empty ({@code BlockShapes.template}). Reusable,
 * single-threaded.
 */
public final class BlockTexts {
    /** Per row: the index among the texts of its name, aux and extra text, or -1. */
    int[] name = new int[64];
    int[] aux = new int[64];
    int[] extra = new int[64];
    /** Per text: where it lies in the block's arena. */
    int[] off = new int[192];
    int[] len = new int[192];
    int count;

    /** Collects {@code b}'s texts; returns how many. */
    public int collect(ReportBlock b) {
        int n = b.rowCount();
        if (name.length < n) {
            int c = Math.max(n, 2 * name.length);
            name = new int[c];
            aux = new int[c];
            extra = new int[c];
            off = new int[3 * c];
            len = new int[3 * c];
        }
        int m = 0;
        for (int r = 0; r < n; r++) {
            byte kind = b.rowKind(r);
            byte flags = b.rowFlags(r);
            boolean verbatim = (flags & RowKind.F_VERBATIM) != 0 || kind == RowKind.VERBATIM;
            name[r] = b.nameLen(r) > 0 && !verbatim ? m : -1;
            if (name[r] >= 0) {
                off[m] = b.nameOff(r);
                len[m++] = b.nameLen(r);
            }
            aux[r] = (flags & RowKind.F_AUX) != 0
                && !(verbatim || (kind == RowKind.JSON_LINE && (flags & RowKind.F_STRING) == 0)) ? m : -1;
            if (aux[r] >= 0) {
                off[m] = b.auxOff(r);
                len[m++] = b.auxLen(r);
            }
            extra[r] = (flags & RowKind.F_EXTRA) != 0 && !verbatim ? m : -1;
            if (extra[r] >= 0) {
                off[m] = b.extraOff(r);
                len[m++] = b.extraLen(r);
            }
        }
        count = m;
        return m;
    }

    /**
     * Interns the texts of the block last {@link #collect}ed, {@code b}, in order; their ids go to
     * {@code ids[at, at + count)}.
     */
    public void intern(NameDictionary dict, ReportBlock b, int[] ids, int at) {
        dict.internAll(b.arena(), off, len, count, ids, at);
    }
}
