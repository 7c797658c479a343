package io.stadb.codec.internal;

import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Long2LongHashMap;

/**
 * The blocks of a base chunk, remembered while the base primes a model, so that a delta chunk can predict
 * each of its blocks from the base block of the same path: same header names (start and end point,
 * group, type, mode, corner) and same rank among blocks with that header. Before a block's header is
 * known, the base block is guessed from where the last match was.
 */
final class DeltaBase {
    private final List<int[]> names = new ArrayList<>();
    /** Per block: its template id, then its present numbers in coding order. */
    private final List<long[]> values = new ArrayList<>();
    private final List<int[]> edges = new ArrayList<>();
    private final Long2LongHashMap byKey = new Long2LongHashMap(-1);
    private final Long2LongHashMap ranks = new Long2LongHashMap(0);
    private int shift;

    /** The key of the next block with this header: the header's hash and the block's rank among them. */
    long keyOf(long header) {
        long rank = ranks.get(header);
        ranks.put(header, rank + 1);
        return ChunkModel.mix(header, rank, 8);
    }

    /** While recording: the block being recorded has this key. */
    void indexKey(long key) {
        byKey.put(key, names.size());
    }

    void add(int template, int[] blockNames, long[] blockValues, int[] blockEdges) {
        blockValues[0] = template;
        names.add(blockNames);
        values.add(blockValues);
        edges.add(blockEdges);
    }

    /** Recording is over: matching starts with fresh ranks. */
    void startMatching() {
        ranks.clear();
        shift = 0;
    }

    /** The base block with this key, or -1; a match also moves the guess for the next blocks. */
    int find(long key, int blockIndex) {
        int j = (int) byKey.get(key);
        if (j >= 0) {
            shift = j - blockIndex;
        }
        return j;
    }

    /** The base block expected at {@code blockIndex}, or -1. */
    int guess(int blockIndex) {
        int g = blockIndex + shift;
        return g >= 0 && g < names.size() ? g : -1;
    }

    int template(int j) {
        return (int) values.get(j)[0];
    }

    int[] names(int j) {
        return names.get(j);
    }

    long[] values(int j) {
        return values.get(j);
    }

    int[] edges(int j) {
        return edges.get(j);
    }
}
