package io.stadb.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.internal.BitPacking;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private static List<ReportBlock> randomBlocks(long seed, int n) {
        RandomBlocks gen = new RandomBlocks(seed);
        List<ReportBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(gen.next(new ReportBlock()));
        }
        return out;
    }

    private static byte[] encode(NameDictionary dict, List<ReportBlock> blocks) {
        ChunkWriter w = new ChunkWriter(dict, 3);
        w.begin();
        blocks.forEach(w::add);
        return w.finish();
    }

    private static List<ReportBlock> decode(ChunkReader r) {
        List<ReportBlock> out = new ArrayList<>();
        r.decodeAll(new ReportBlock(), b -> {
            ReportBlock c = new ReportBlock();
            c.copyFrom(b);
            out.add(c);
        });
        return out;
    }

    private static void assertSame(List<ReportBlock> expected, List<ReportBlock> actual, long seed) {
        assertEquals(expected.size(), actual.size(), "seed " + seed);
        for (int i = 0; i < expected.size(); i++) {
            ReportBlock e = expected.get(i);
            ReportBlock a = actual.get(i);
            assertTrue(a.sameContent(e), "seed " + seed + " block " + i);
            assertEquals(e.sourceLine(), a.sourceLine(), "seed " + seed);
            assertEquals(e.sourceOffset(), a.sourceOffset(), "seed " + seed);
        }
    }

    @Test
    void headerLayoutIsPinned() {
        assertEquals(0, ChunkFormat.MAGIC_OFFSET);
        assertEquals(4, ChunkFormat.VERSION_OFFSET);
        assertEquals(5, ChunkFormat.FLAGS_OFFSET);
        assertEquals(6, ChunkFormat.STREAM_COUNT_OFFSET);
        assertEquals(8, ChunkFormat.BLOCK_COUNT_OFFSET);
        assertEquals(12, ChunkFormat.ROW_COUNT_OFFSET);
        assertEquals(16, ChunkFormat.BASE_ID_OFFSET);
        assertEquals(24, ChunkFormat.BASE_CRC_OFFSET);
        assertEquals(28, ChunkFormat.SLACK_SCALE_OFFSET);
        assertEquals(32, ChunkFormat.MIN_SLACK_OFFSET);
        assertEquals(40, ChunkFormat.MAX_SLACK_OFFSET);
        assertEquals(48, ChunkFormat.DICT_SIZE_OFFSET);
        assertEquals(52, ChunkFormat.HEADER_CRC_OFFSET);
        assertEquals(56, ChunkFormat.HEADER_LENGTH);
        assertEquals(16, ChunkFormat.DIR_ENTRY_LENGTH);
        NameDictionary d = new NameDictionary();
        byte[] c = encode(d, randomBlocks(1, 3));
        UnsafeBuffer b = new UnsafeBuffer(c);
        assertEquals(0x314B4353, b.getInt(0, ByteOrder.LITTLE_ENDIAN));
        assertEquals('S', c[0]);
        assertEquals(ChunkFormat.VERSION, c[4]);
        assertEquals(ChunkFormat.STREAMS, b.getShort(6, ByteOrder.LITTLE_ENDIAN));
        assertEquals(3, b.getInt(8, ByteOrder.LITTLE_ENDIAN));
        assertEquals(-1, b.getLong(16, ByteOrder.LITTLE_ENDIAN));
        assertEquals(d.size(), b.getInt(48, ByteOrder.LITTLE_ENDIAN));
        for (int i = 0; i < ChunkFormat.STREAMS; i++) {
            assertEquals(i, c[56 + 16 * i]);
        }
    }

    @Test
    void seededRandomBlocksRoundTrip() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("ChunkCodecTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        NameDictionary dict = new NameDictionary();
        for (int round = 0; round < 20; round++) {
            List<ReportBlock> blocks = randomBlocks(r.nextLong(), r.nextInt(0, 300));
            byte[] chunk = encode(dict, blocks);
            ChunkReader reader = new ChunkReader(dict).open(chunk, 0, chunk.length, "chunk");
            assertEquals(blocks.size(), reader.blockCount());
            assertSame(blocks, decode(reader), seed);
            if (!blocks.isEmpty()) {
                int j = r.nextInt(blocks.size());
                assertTrue(reader.decode(j, new ReportBlock()).sameContent(blocks.get(j)), "seed " + seed);
            }
        }
    }

    /** Blocks shaped like real paths: repeated names, arcs and values, which the model must predict. */
    static List<ReportBlock> pathLike(long seed, int n, int period) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ReportBlock> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ReportBlock b = new ReportBlock().clear(BlockKind.PATH);
            b.setSource(1000L * i, 40L * i + 1);
            b.layout().enable(Col.SLEW, 7).enable(Col.DELAY, 7).enable(Col.TIME, 7).setDigits(2);
            text(b, b.addRow(RowKind.STARTPOINT), "r" + r.nextInt(20), "rising edge-triggered flip-flop clocked by clk");
            text(b, b.addRow(RowKind.ENDPOINT), "r" + r.nextInt(20), "rising edge-triggered flip-flop clocked by clk");
            text(b, b.addRow(RowKind.PATH_GROUP), "clk", null);
            text(b, b.addRow(RowKind.PATH_TYPE), "max", null);
            b.addRow(RowKind.BLANK);
            long t = 0;
            int depth = 3 + r.nextInt(4);
            for (int k = 0; k < depth; k++) {
                int row = b.addRow(RowKind.POINT);
                int g = r.nextInt(6);
                text(b, row, "u" + g + "/Y", "NAND2X1");
                long d = 10 + g * 3;
                t += d;
                b.setNum(row, Col.SLEW, 5 + g);
                b.setNum(row, Col.DELAY, d);
                b.setNum(row, Col.TIME, t);
                b.setEdge(row, (byte) (g % 2 == 0 ? '^' : 'v'));
            }
            int a = b.addRow(RowKind.POINT);
            text(b, a, "data arrival time", null);
            b.setNum(a, Col.TIME, t);
            b.addRow(RowKind.BLANK);
            int req = b.addRow(RowKind.POINT);
            text(b, req, "data required time", null);
            b.setNum(req, Col.TIME, period);
            int arr2 = b.addRow(RowKind.POINT);
            text(b, arr2, "data arrival time", null);
            b.setNum(arr2, Col.TIME, -t);
            int sl = b.addRow(RowKind.POINT);
            text(b, sl, "slack", period - t >= 0 ? "MET" : "VIOLATED");
            b.setNum(sl, Col.TIME, period - t);
            b.deriveFacts();
            out.add(b);
        }
        return out;
    }

    private static void text(ReportBlock b, int row, String name, String aux) {
        byte[] n = name.getBytes();
        b.setName(row, n, 0, n.length);
        if (aux != null) {
            byte[] x = aux.getBytes();
            b.setAux(row, x, 0, x.length);
        }
    }

    @Test
    void slackColumnAndBoundsWithoutDecodingRows() {
        NameDictionary dict = new NameDictionary();
        List<ReportBlock> blocks = pathLike(7, 500, 60);
        byte[] chunk = encode(dict, blocks);
        ChunkReader r = new ChunkReader(dict).open(chunk, 0, chunk.length, "c");
        long[] s = new long[r.blockCount()];
        assertEquals(500, r.slacks(s));
        long min = Long.MAX_VALUE;
        for (int i = 0; i < s.length; i++) {
            assertEquals(blocks.get(i).facts().slack(), s[i]);
            min = Math.min(min, s[i]);
        }
        assertEquals(min, r.minSlack());
        assertEquals(2, r.slackScale());
        assertTrue(chunk.length < 500 * 20, "path-like blocks compress to " + chunk.length + " bytes");
    }

    @Test
    void deltaAgainstItsBaseIsSmallAndAWrongBaseIsDetected() {
        NameDictionary dict = new NameDictionary();
        List<ReportBlock> base = pathLike(11, 400, 60);
        byte[] baseChunk = encode(dict, base);
        List<ReportBlock> next = pathLike(11, 400, 55); // the same paths with a tighter clock
        ChunkReader baseReader = new ChunkReader(dict).open(baseChunk, 0, baseChunk.length, "base");
        ChunkWriter w = new ChunkWriter(dict, 3);
        w.beginDelta(baseReader, 42);
        next.forEach(w::add);
        byte[] delta = w.finish();
        byte[] full = encode(dict, next);
        assertTrue(delta.length * 2 < full.length, "delta " + delta.length + " vs full " + full.length);

        ChunkReader dr = new ChunkReader(dict).open(delta, 0, delta.length, "delta");
        assertTrue(dr.isDelta());
        assertEquals(42, dr.baseId());
        assertThrows(IllegalStateException.class, () -> dr.decodeAll(new ReportBlock(), b -> { }));
        dr.setBase(new ChunkReader(dict).open(baseChunk, 0, baseChunk.length, "base"));
        assertSame(next, decode(dr), 11);

        byte[] otherBase = encode(dict, pathLike(12, 400, 60));
        CorruptBlockException wrong = assertThrows(CorruptBlockException.class,
            () -> new ChunkReader(dict).open(delta, 0, delta.length, "delta")
                .setBase(new ChunkReader(dict).open(otherBase, 0, otherBase.length, "other")));
        assertTrue(wrong.getMessage().contains("based on chunk 42"), wrong.getMessage());
    }

    @Test
    void corruptChunksAreRejectedNamingTheOffset() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("ChunkCodecTest corruption seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        NameDictionary dict = new NameDictionary();
        byte[] chunk = encode(dict, pathLike(3, 200, 60));
        for (int i = 0; i < 300; i++) {
            byte[] bad = chunk.clone();
            int pos = r.nextInt(bad.length);
            bad[pos] ^= (byte) (1 << r.nextInt(8));
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> {
                ChunkReader cr = new ChunkReader(dict).open(bad, 0, bad.length, "chunk#9");
                cr.slacks(new long[cr.blockCount()]);
                cr.decodeAll(new ReportBlock(), b -> { });
            }, "seed " + seed + " flipped byte " + pos);
            assertTrue(e.getMessage().startsWith("chunk#9"), e.getMessage());
            int cut = r.nextInt(chunk.length);
            assertThrows(CorruptBlockException.class,
                () -> new ChunkReader(dict).open(Arrays.copyOf(chunk, cut), 0, cut, "cut"), "seed " + seed);
        }
        NameDictionary small = new NameDictionary();
        CorruptBlockException e = assertThrows(CorruptBlockException.class,
            () -> new ChunkReader(small).open(chunk, 0, chunk.length, "c").decodeAll(new ReportBlock(), b -> { }));
        assertTrue(e.getMessage().contains("dictionary"), e.getMessage());
    }

    /** Paths of random points: most contexts new, so the tables of a format-3 chunk stop learning. */
    private static List<ReportBlock> randomPaths(long seed, int count) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<ReportBlock> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ReportBlock b = new ReportBlock();
            b.clear(BlockKind.PATH);
            for (int k = 0; k < 60; k++) {
                int row = b.addRow(k % 20 == 19 ? RowKind.BLANK : RowKind.POINT);
                byte[] n = ("u" + r.nextInt(5000) + "/" + "ABYZ".charAt(r.nextInt(4))).getBytes();
                b.setName(row, n, 0, n.length);
                b.setEdge(row, (byte) "^v".charAt(r.nextInt(2)));
                b.setNum(row, Col.DELAY, r.nextLong(0, 1000));
                b.setNum(row, Col.TIME, r.nextLong(0, 100_000));
                if (r.nextBoolean()) {
                    b.setNum(row, Col.SLEW, r.nextLong(0, 1000));
                }
            }
            b.deriveFacts();
            out.add(b);
        }
        return out;
    }

    @Test
    void chunksOfThePreviousVersionStillDecodeAndTheCurrentOneStopsLearning() {
        List<ReportBlock> blocks = randomPaths(11, 700);
        NameDictionary dict = new NameDictionary();
        byte[] current = encode(dict, blocks);
        ChunkWriter old = new ChunkWriter(dict, 3);
        old.writePreviousVersion();
        old.begin();
        blocks.forEach(old::add);
        byte[] previous = old.finish();
        assertEquals(ChunkFormat.VERSION, current[4]);
        assertEquals(ChunkFormat.VERSION_LEARNING_ALL, previous[4]);
        int dirEnd = ChunkFormat.HEADER_LENGTH + ChunkFormat.STREAMS * ChunkFormat.DIR_ENTRY_LENGTH;
        assertFalse(Arrays.equals(Arrays.copyOfRange(current, dirEnd, current.length),
            Arrays.copyOfRange(previous, dirEnd, previous.length)), "the tables stopped learning in the current version");
        assertSame(blocks, decode(new ChunkReader(dict).open(current, 0, current.length, "v3")), 11);
        assertSame(blocks, decode(new ChunkReader(dict).open(previous, 0, previous.length, "v2")), 11);
        // A delta chunk of either version against a base of either version.
        List<ReportBlock> rerun = randomPaths(12, 300);
        for (byte[] baseChunk : List.of(current, previous)) {
            for (boolean writePrevious : new boolean[] {false, true}) {
                ChunkWriter w = new ChunkWriter(dict, 3);
                if (writePrevious) {
                    w.writePreviousVersion();
                }
                w.beginDelta(new ChunkReader(dict).open(baseChunk, 0, baseChunk.length, "base"), 0);
                rerun.forEach(w::add);
                byte[] delta = w.finish();
                ChunkReader dr = new ChunkReader(dict).open(delta, 0, delta.length, "delta");
                dr.setBase(new ChunkReader(dict).open(baseChunk, 0, baseChunk.length, "base"));
                assertSame(rerun, decode(dr), 12);
            }
        }
    }

    @Test
    void internAllGivesTheIdsOfInterningOneByOne() {
        NameDictionary one = new NameDictionary();
        NameDictionary all = new NameDictionary();
        java.util.Random r = new java.util.Random(7);
        byte[] arena = new byte[1 << 16];
        for (int round = 0; round < 50; round++) {
            // Repeats within a batch and across batches, and enough names to make the table grow mid-batch.
            int n = 1 + r.nextInt(300);
            int[] offs = new int[n];
            int[] lens = new int[n];
            int at = 0;
            for (int i = 0; i < n; i++) {
                byte[] name = ("n" + r.nextInt(3000)).getBytes();
                System.arraycopy(name, 0, arena, at, name.length);
                offs[i] = at;
                lens[i] = name.length;
                at += name.length;
            }
            int[] ids = new int[n];
            all.internAll(arena, offs, lens, n, ids);
            for (int i = 0; i < n; i++) {
                assertEquals(one.intern(arena, offs[i], lens[i]), ids[i], "round " + round + " name " + i);
            }
        }
        assertEquals(one.size(), all.size());
    }

    @Test
    void dictionaryAppendsAndReloads() {
        NameDictionary d = new NameDictionary();
        for (int i = 0; i < 5000; i++) {
            byte[] n = ("pin" + i).getBytes();
            assertEquals(i, d.intern(n, 0, n.length));
        }
        byte[] again = "pin42".getBytes();
        assertEquals(42, d.intern(again, 0, again.length));
        assertEquals(-1, d.find("nope".getBytes(), 0, 4));
        assertTrue(d.is(42, again, 0, again.length));
        assertFalse(d.is(43, again, 0, again.length));
        assertFalse(d.is(42, again, 0, 4), "a prefix is another name");
        assertFalse(d.is(-1, again, 0, again.length));
        assertFalse(d.is(5000, again, 0, again.length));
        ByteBuilder out = new ByteBuilder();
        d.writeEntries(0, out);
        NameDictionary copy = new NameDictionary();
        assertEquals(5000, copy.readEntries(out.array(), 0, out.length(), "dict"));
        assertEquals("pin4999", copy.name(4999));
        ByteBuilder dup = new ByteBuilder();
        d.writeEntries(4998, dup);
        assertThrows(CorruptBlockException.class, () -> copy.readEntries(dup.array(), 0, dup.length(), "dict"));
        byte[] bad = {(byte) 0x7f, 'a'};
        assertThrows(CorruptBlockException.class, () -> new NameDictionary().readEntries(bad, 0, 2, "dict"));
    }

    @Test
    void bitPackingRoundTrips() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        for (int bits = 0; bits <= 64; bits++) {
            int n = r.nextInt(0, 300);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = bits == 0 ? 0 : bits == 64 ? r.nextLong() : r.nextLong() & ((1L << bits) - 1);
            }
            byte[] out = new byte[BitPacking.bytes(n, bits)];
            BitPacking.pack(v, n, bits, out, 0);
            long[] words = new long[out.length / 8 + 1];
            UnsafeBuffer b = new UnsafeBuffer(out);
            for (int i = 0; i < out.length / 8; i++) {
                words[i] = b.getLong(8 * i, ByteOrder.LITTLE_ENDIAN);
            }
            long[] back = new long[n];
            BitPacking.unpack(words, n, bits, back);
            assertTrue(Arrays.equals(v, back), "seed " + seed + " bits " + bits);
        }
    }

    /** A chunk whose blocks decode to more rows than its header says is refused (review regression). */
    @Test
    void rowsBeyondTheHeaderCountAreRefused() {
        NameDictionary dict = new NameDictionary();
        ReportBlock b = new ReportBlock().clear(BlockKind.PATH);
        for (int i = 0; i < 100; i++) {
            b.addRow(RowKind.BLANK);
        }
        b.deriveFacts();
        byte[] chunk = encode(dict, List.of(b));
        UnsafeBuffer buf = new UnsafeBuffer(chunk);
        buf.putInt(ChunkFormat.ROW_COUNT_OFFSET, 10, ByteOrder.LITTLE_ENDIAN);
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(chunk, 0, ChunkFormat.HEADER_CRC_OFFSET);
        c.update(chunk, ChunkFormat.HEADER_LENGTH, ChunkFormat.STREAMS * ChunkFormat.DIR_ENTRY_LENGTH);
        buf.putInt(ChunkFormat.HEADER_CRC_OFFSET, (int) c.getValue(), ByteOrder.LITTLE_ENDIAN);
        CorruptBlockException e = assertThrows(CorruptBlockException.class,
            () -> new ChunkReader(dict).open(chunk, 0, chunk.length, "c").decodeAll(new ReportBlock(), x -> { }));
        assertTrue(e.getMessage().contains("row count"), e.getMessage());
    }

    /**
     * A detached writer, given the names an interning thread resolved ahead ({@link ChunkNames}), writes the
     * attached writer's bytes: full and delta chunks, a fresh dictionary (the first chunk interns the labels)
     * and names interned between blocks by someone else (as the path index does), in both dictionaries alike.
     */
    @Test
    void aDetachedWriterWritesTheAttachedWritersBytes() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("ChunkCodecTest detached seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        NameDictionary attachedDict = new NameDictionary();
        NameDictionary internDict = new NameDictionary();
        ChunkWriter attached = new ChunkWriter(attachedDict, 3);
        ChunkWriter detached = ChunkWriter.detached(3);
        ChunkNames names = new ChunkNames();
        ChunkReader attachedBase = new ChunkReader(attachedDict);
        ChunkReader detachedBase = new ChunkReader(names.view());
        List<byte[]> full = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            List<ReportBlock> blocks = round % 3 == 1 ? randomPaths(r.nextLong(), r.nextInt(1, 200))
                : randomBlocks(r.nextLong(), r.nextInt(0, 300));
            // Every other chunk is a delta of the last full one (a delta's base is always a full chunk).
            byte[] base = round % 2 == 1 && !full.isEmpty() ? full.get(full.size() - 1) : null;
            if (base == null) {
                attached.begin();
            } else {
                attached.beginDelta(attachedBase.open(base, 0, base.length, "base"), round);
            }
            names.begin(internDict);
            for (ReportBlock b : blocks) {
                attached.add(b);
                names.add(internDict, b);
                byte[] other = ("other/" + r.nextInt(400)).getBytes();
                attachedDict.intern(other, 0, other.length);
                internDict.intern(other, 0, other.length);
            }
            byte[] expected = attached.finish();
            names.end(internDict);
            if (base == null) {
                detached.begin(names);
            } else {
                detached.beginDelta(detachedBase.open(base, 0, base.length, "base"), round, names);
            }
            blocks.forEach(detached::add);
            byte[] actual = detached.finish();
            names.release();
            assertTrue(Arrays.equals(expected, actual), "seed " + seed + " round " + round + (base != null ? " (delta)" : ""));
            if (base == null) {
                full.add(expected);
            }
            assertEquals(attachedDict.size(), internDict.size(), "seed " + seed);
        }
        ByteBuilder a = new ByteBuilder();
        ByteBuilder d = new ByteBuilder();
        attachedDict.writeEntries(0, a);
        internDict.writeEntries(0, d);
        assertTrue(Arrays.equals(a.toByteArray(), d.toByteArray()), "seed " + seed);
        // Misuse is refused rather than coded wrong.
        assertThrows(IllegalStateException.class, detached::begin);
        assertThrows(IllegalStateException.class, () -> attached.begin(names));
        ChunkNames unfinished = new ChunkNames();
        unfinished.begin(internDict);
        assertThrows(IllegalStateException.class, () -> detached.begin(unfinished));
        byte[] one = full.get(0);
        ChunkReader overView = new ChunkReader(unfinished.view()).open(one, 0, one.length, "c");
        assertThrows(IllegalStateException.class, () -> overView.decodeAll(new ReportBlock(), x -> { }));
    }
}
