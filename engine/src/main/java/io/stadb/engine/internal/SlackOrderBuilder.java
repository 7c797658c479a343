package io.stadb.engine.internal;

import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sorts a stage's paths by (slack, ordinal) in bounded memory, for the path index's order section: each
 * run of up to {@code runLength} paths is sorted as it comes and spilled to a scratch file as
 * (slack, ordinal) pairs; {@link #merge} then k-way merges the runs from a mapping of that file. Memory is
 * one run plus one heap entry per run, whatever the stage's size. Single-threaded.
 */
final class SlackOrderBuilder implements AutoCloseable {
    private static final int PAIR = 16;
    private final FileIo io;
    private final Path scratch;
    private final FileChannel channel;
    private final int runLength;
    private final int[] idx;
    private final int[] tmp;
    private final byte[] runBytes;
    private final UnsafeBuffer run;
    private int runs;
    private long total;
    private int lastRun;

    /** Receives the merged order a chunk at a time. */
    interface Sink {
        void write(byte[] b, int len) throws IOException;
    }

    SlackOrderBuilder(FileIo io, Path scratch, int runLength) throws IOException {
        this.io = io;
        this.scratch = scratch;
        this.runLength = runLength;
        Files.deleteIfExists(scratch);
        this.channel = FileChannel.open(scratch, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        this.idx = new int[runLength];
        this.tmp = new int[runLength];
        this.runBytes = new byte[runLength * PAIR];
        this.run = new UnsafeBuffer(runBytes);
    }

    /** Adds the next run: {@code slacks[0..n)} of the ordinals {@code first..first+n}. */
    void addRun(long[] slacks, int n, long first) throws IOException {
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        sort(slacks, 0, n);
        for (int i = 0; i < n; i++) {
            run.putLong(i * PAIR, slacks[idx[i]], ByteOrder.LITTLE_ENDIAN);
            run.putLong(i * PAIR + 8, first + idx[i], ByteOrder.LITTLE_ENDIAN);
        }
        io.write(channel, n == runLength ? runBytes : java.util.Arrays.copyOf(runBytes, n * PAIR));
        runs++;
        lastRun = n;
        total += n;
    }

    /** Stable merge sort of idx[lo, hi) by slack (ties keep input order: the ordinal tie-break). */
    private void sort(long[] key, int lo, int hi) {
        if (hi - lo < 2) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        sort(key, lo, mid);
        sort(key, mid, hi);
        if (key[idx[mid - 1]] <= key[idx[mid]]) {
            return;
        }
        System.arraycopy(idx, lo, tmp, lo, hi - lo);
        int a = lo;
        int b = mid;
        for (int k = lo; k < hi; k++) {
            if (b >= hi || a < mid && key[tmp[a]] <= key[tmp[b]]) {
                idx[k] = tmp[a++];
            } else {
                idx[k] = tmp[b++];
            }
        }
    }

    /** Writes every ordinal packed at {@code bits} bits ({@link PackedBits}), in (slack, ordinal) order. */
    void merge(int bits, Sink out) throws IOException {
        if (total == 0) {
            return;
        }
        MappedByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, 0, total * PAIR);
        try {
            UnsafeBuffer in = new UnsafeBuffer(m);
            long[] pos = new long[runs];    // next pair of each run
            long[] end = new long[runs];
            int[] heap = new int[runs];     // run numbers, min-heap on (slack, ordinal) of their next pair
            int size = 0;
            for (int r = 0; r < runs; r++) {
                pos[r] = (long) r * runLength;
                end[r] = pos[r] + (r == runs - 1 ? lastRun : runLength);
                heap[size] = r;
                siftUp(heap, size++, in, pos);
            }
            // A batch of a multiple of 8 ordinals packs to whole bytes, so batches concatenate.
            long[] batch = new long[BATCH];
            byte[] chunk = new byte[PackedBits.bytes(BATCH, 64)];
            int used = 0;
            while (size > 0) {
                int r = heap[0];
                batch[used++] = in.getLong((int) (pos[r] * PAIR + 8), ByteOrder.LITTLE_ENDIAN);
                if (used == BATCH) {
                    out.write(chunk, PackedBits.pack(batch, used, bits, chunk, 0));
                    used = 0;
                }
                if (++pos[r] == end[r]) {
                    heap[0] = heap[--size];
                }
                siftDown(heap, size, in, pos);
            }
            if (used > 0) {
                out.write(chunk, PackedBits.pack(batch, used, bits, chunk, 0));
            }
        } finally {
            io.unmap(m);
        }
    }

    private static final int BATCH = 8192;

    private static boolean less(UnsafeBuffer in, long p, long q) {
        long sp = in.getLong((int) (p * PAIR), ByteOrder.LITTLE_ENDIAN);
        long sq = in.getLong((int) (q * PAIR), ByteOrder.LITTLE_ENDIAN);
        return sp < sq || sp == sq && in.getLong((int) (p * PAIR + 8), ByteOrder.LITTLE_ENDIAN)
            < in.getLong((int) (q * PAIR + 8), ByteOrder.LITTLE_ENDIAN);
    }

    private static void siftUp(int[] heap, int at, UnsafeBuffer in, long[] pos) {
        int r = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!less(in, pos[r], pos[heap[parent]])) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = r;
    }

    private static void siftDown(int[] heap, int size, UnsafeBuffer in, long[] pos) {
        if (size == 0) {
            return;
        }
        int r = heap[0];
        int at = 0;
        while (true) {
            int c = 2 * at + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && less(in, pos[heap[c + 1]], pos[heap[c]])) {
                c++;
            }
            if (!less(in, pos[heap[c]], pos[r])) {
                break;
            }
            heap[at] = heap[c];
            at = c;
        }
        heap[at] = r;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(scratch);
    }
}
