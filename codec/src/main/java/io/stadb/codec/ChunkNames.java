package io.stadb.codec;

import io.stadb.codec.internal.BlockTexts;
import io.stadb.codec.internal.ChunkModel;
import java.util.Arrays;

/**
 * The dictionary facts of one chunk, interned ahead so that a {@link ChunkWriter#detached detached}
 * writer can code the chunk on another thread: the ids of its blocks' texts in coding order, the ids of
 * the labels every chunk interns first, the dictionary's size at the chunk's end (its header records it),
 * and a {@link NameDictionary.Snapshot snapshot} of the names as they were at its start (for decoding a
 * delta's base).
 *
 * <p>Threads: the thread that owns the {@link NameDictionary} (the single writer that interns) fills it,
 * calling {@link #begin}, then {@link #add} for each block, then {@link #end}, at exactly the points where
 * an attached {@link ChunkWriter} would {@code begin}/{@code beginDelta}, {@code add} and {@code finish}:
 * then every name gets the id sequential coding gives it, and names interned between those calls by
 * others (the path index) stay in their place too. It then hands the instance to one coder thread, with a
 * happens-before edge (an executor's submit is one), which only reads it until it hands it back the same
 * way. Never shared by two threads at once; reusable.
 */
public final class ChunkNames {
    private final NameDictionary.Snapshot view = new NameDictionary.Snapshot();
    private final BlockTexts texts = new BlockTexts();
    final int[] labels = new int[ChunkModel.LABEL_COUNT];
    int[] ids = new int[4096];
    int count;
    /** The dictionary's size when the chunk ended, or -1 while it is being filled. */
    int dictionarySize = -1;
    private boolean begun;

    /**
     * Interning thread, where an attached writer would begin the chunk: takes the snapshot (what an
     * attached delta encoder's base reader sees: the names before the labels) and interns the labels.
     */
    public void begin(NameDictionary dict) {
        dict.snapshot(view);
        ChunkModel.internLabels(dict, labels);
        count = 0;
        dictionarySize = -1;
        begun = true;
    }

    /** Interning thread: interns {@code b}'s texts in coding order, where an attached writer's add would. */
    public void add(NameDictionary dict, ReportBlock b) {
        if (!begun || dictionarySize >= 0) {
            throw new IllegalStateException("add between begin and end");
        }
        int m = texts.collect(b);
        if (count + m > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(count + m, 2 * ids.length));
        }
        texts.intern(dict, b, ids, count);
        count += m;
    }

    /** Interning thread, where an attached writer would finish the chunk: records the dictionary's size. */
    public void end(NameDictionary dict) {
        if (!begun) {
            throw new IllegalStateException("end before begin");
        }
        dictionarySize = dict.size();
    }

    /** The names as they were at {@link #begin}: a base reader for a detached delta is made over it. */
    public NameBytes view() {
        return view;
    }

    /** Ids interned for the chunk's blocks so far. */
    public int idCount() {
        return count;
    }

    /**
     * Coder thread, after coding: drops the snapshot's arrays, so that a chunk slot kept for reuse does not
     * hold an old, outgrown dictionary arena alive. The next {@link #begin} takes a new one.
     */
    public void release() {
        view.release();
        begun = false;
        count = 0;
        dictionarySize = -1;
    }

    void checkEnded() {
        if (!begun || dictionarySize < 0) {
            throw new IllegalStateException("a chunk's names are used once ended");
        }
    }
}
