package io.stadb.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BlockRecordFormatTest {

    @Test
    void layoutIsPinned() {
        assertEquals(0, BlockRecordFormat.VERSION_OFFSET);
        assertEquals(1, BlockRecordFormat.KIND_OFFSET);
        assertEquals(2, BlockRecordFormat.FLAGS_OFFSET);
        assertEquals(4, BlockRecordFormat.ROW_COUNT_OFFSET);
        assertEquals(8, BlockRecordFormat.SOURCE_OFFSET_OFFSET);
        assertEquals(16, BlockRecordFormat.SOURCE_LINE_OFFSET);
        assertEquals(24, BlockRecordFormat.DIGITS_OFFSET);
        assertEquals(25, BlockRecordFormat.FIELD_MASK_OFFSET);
        assertEquals(26, BlockRecordFormat.WIDTHS_OFFSET);
        assertEquals(32, BlockRecordFormat.HEADER_LENGTH);
        assertEquals(1, BlockRecordFormat.VERSION);

        ReportBlock b = new ReportBlock().clear(BlockKind.METRIC);
        b.setSource(0x1122334455L, 77);
        b.layout().setDigits(2);
        int r = b.addRow(RowKind.METRIC);
        b.setNum(r, Col.SLACK, -1);
        b.setName(r, "tns".getBytes(), 0, 3);
        BlockRecordWriter w = new BlockRecordWriter();
        int n = w.write(b);
        UnsafeBuffer buf = new UnsafeBuffer(w.buffer(), 0, n);
        assertEquals(1, buf.getByte(0));
        assertEquals(BlockKind.METRIC.code(), buf.getByte(1));
        assertEquals(1, buf.getInt(4, ByteOrder.LITTLE_ENDIAN));
        assertEquals(0x1122334455L, buf.getLong(8, ByteOrder.LITTLE_ENDIAN));
        assertEquals(77, buf.getLong(16, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, buf.getByte(24));
        // row: kind, flags, edge, mask(bit SLACK), zigzag(-1)=1, name length 3, "tns", then CRC
        assertEquals(RowKind.METRIC, buf.getByte(32));
        assertEquals(1 << Col.SLACK, buf.getByte(35));
        assertEquals(1, buf.getByte(36));
        assertEquals(3, buf.getByte(37));
        assertEquals(32 + 6 + 3 + 4, n);
    }

    @Test
    void seededRandomBlocksRoundTripAndRenderTheSame() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("BlockRecordFormatTest seed " + seed);
        RandomBlocks gen = new RandomBlocks(seed);
        BlockRecordWriter w = new BlockRecordWriter();
        BlockRecordReader rd = new BlockRecordReader();
        ReportBlock a = new ReportBlock();
        ReportBlock b = new ReportBlock();
        BlockRenderer renderer = new BlockRenderer();
        for (int i = 0; i < 2000; i++) {
            gen.next(a);
            int n = w.write(a);
            rd.read(w.buffer(), 0, n, b, "seed " + seed);
            assertTrue(b.sameContent(a), "seed " + seed + " block " + i);
            ByteBuilder ra = new ByteBuilder();
            ByteBuilder rb = new ByteBuilder();
            renderIfKnown(renderer, a, ra);
            renderIfKnown(renderer, b, rb);
            assertEquals(ra.toString(), rb.toString(), "seed " + seed);
            assertEquals(a.facts().pathCount(), b.facts().pathCount());
        }
    }

    private static void renderIfKnown(BlockRenderer r, ReportBlock b, ByteBuilder out) {
        try {
            r.render(b, out);
        } catch (CorruptBlockException e) {
            out.append("corrupt");
        }
    }

    @Test
    void everyFlippedBitAndEveryCutIsDetected() {
        long seed = Long.getLong("stadb.seed", System.nanoTime());
        System.out.println("BlockRecordFormatTest corruption seed " + seed);
        RandomBlocks gen = new RandomBlocks(seed);
        BlockRecordWriter w = new BlockRecordWriter();
        BlockRecordReader rd = new BlockRecordReader();
        ReportBlock a = new ReportBlock();
        ReportBlock out = new ReportBlock();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            gen.next(a);
            int n = w.write(a);
            byte[] rec = Arrays.copyOf(w.buffer(), n);
            int pos = r.nextInt(n);
            rec[pos] ^= (byte) (1 << r.nextInt(8));
            CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> rd.read(rec, 0, n, out, "blk"),
                "seed " + seed);
            assertTrue(e.getMessage().startsWith("blk"), e.getMessage());
            int cut = r.nextInt(n);
            byte[] shortRec = Arrays.copyOf(w.buffer(), cut);
            assertThrows(CorruptBlockException.class, () -> rd.read(shortRec, 0, cut, out, "blk"), "seed " + seed);
        }
    }

    /** Lengths and counts that lie (with a valid CRC, as a bug in a writer would make) never allocate or loop. */
    @Test
    void lyingLengthsAreRejectedWithTheirOffset() {
        ReportBlock b = new ReportBlock().clear(BlockKind.PATH);
        int r = b.addRow(RowKind.POINT);
        b.setName(r, "abc".getBytes(), 0, 3);
        BlockRecordWriter w = new BlockRecordWriter();
        int n = w.write(b);
        byte[] rec = Arrays.copyOf(w.buffer(), n);
        BlockRecordReader rd = new BlockRecordReader();
        Crc32c crc = new Crc32c();

        byte[] hugeRows = rec.clone();
        new UnsafeBuffer(hugeRows).putInt(4, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN);
        reseal(hugeRows, crc);
        CorruptBlockException e1 = assertThrows(CorruptBlockException.class,
            () -> rd.read(hugeRows, 0, n, new ReportBlock(), "x"));
        assertTrue(e1.getMessage().contains("row count"), e1.getMessage());

        byte[] longName = rec.clone();
        longName[36] = (byte) 0x7f; // name length 127 > bytes left
        reseal(longName, crc);
        CorruptBlockException e2 = assertThrows(CorruptBlockException.class,
            () -> rd.read(longName, 0, n, new ReportBlock(), "x"));
        assertEquals(36, e2.offset());

        byte[] badVersion = rec.clone();
        badVersion[0] = 9;
        reseal(badVersion, crc);
        assertThrows(CorruptBlockException.class, () -> rd.read(badVersion, 0, n, new ReportBlock(), "x"));

        byte[] badKind = rec.clone();
        badKind[1] = 99;
        reseal(badKind, crc);
        assertThrows(CorruptBlockException.class, () -> rd.read(badKind, 0, n, new ReportBlock(), "x"));

        byte[] badRowKind = rec.clone();
        badRowKind[32] = 99;
        reseal(badRowKind, crc);
        assertThrows(CorruptBlockException.class, () -> rd.read(badRowKind, 0, n, new ReportBlock(), "x"));

        assertThrows(CorruptBlockException.class, () -> rd.read(new byte[10], 0, 10, new ReportBlock(), "x"));
    }

    private static void reseal(byte[] rec, Crc32c crc) {
        int end = rec.length - 4;
        new UnsafeBuffer(rec).putInt(end, crc.compute(rec, 0, end), ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void readsFromOffHeapBuffers() {
        ReportBlock b = new RandomBlocks(42).next(new ReportBlock());
        BlockRecordWriter w = new BlockRecordWriter();
        int n = w.write(b);
        UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(n + 8));
        direct.putBytes(8, w.buffer(), 0, n);
        ReportBlock out = new BlockRecordReader().read(direct, 8, n, new ReportBlock(), "direct");
        assertTrue(out.sameContent(b));
    }
}
