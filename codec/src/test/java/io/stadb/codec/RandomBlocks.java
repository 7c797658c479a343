package io.stadb.codec;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Seeded random blocks of every kind, with extreme values, empty texts, INF and -0 (test support). */
final class RandomBlocks {
    private final SplittableRandom r;

    RandomBlocks(long seed) {
        r = new SplittableRandom(seed);
    }

    ReportBlock next(ReportBlock b) {
        BlockKind kind = BlockKind.values()[r.nextInt(BlockKind.values().length)];
        b.clear(kind);
        b.setFlags(r.nextInt(4));
        b.setSource(r.nextLong(0, Long.MAX_VALUE / 2), r.nextLong(1, 1L << 40));
        Layout l = b.layout();
        l.setDigits(r.nextInt(0, 9));
        l.setFieldMask(r.nextInt(64) | (1 << Col.DELAY) | (1 << Col.TIME));
        for (int c = 0; c < Col.COUNT; c++) {
            l.setWidth(c, r.nextInt(1, 20));
        }
        int rows = r.nextInt(0, 60);
        for (int i = 0; i < rows; i++) {
            int row = b.addRow((byte) r.nextInt(RowKind.COUNT));
            b.setEdge(row, (byte) "^v ".charAt(r.nextInt(3)));
            for (int c = 0; c < Col.COUNT; c++) {
                if (r.nextInt(3) > 0) {
                    b.setNum(row, c, value());
                }
            }
            if (b.rowKind(row) == RowKind.DASH || b.rowKind(row) == RowKind.JSON_LINE) {
                b.setNum(row, Col.LENGTH, r.nextInt(0, 200));
            }
            byte[] name = text();
            b.setName(row, name, 0, name.length);
            if (r.nextBoolean()) {
                byte[] aux = text();
                b.setAux(row, aux, 0, aux.length);
            }
            if (r.nextInt(4) == 0) {
                byte[] x = text();
                b.setExtra(row, x, 0, x.length);
            }
            b.addRowFlag(row, (byte) (r.nextInt(128) & ~(RowKind.F_AUX | RowKind.F_EXTRA)));
        }
        b.deriveFacts();
        return b;
    }

    private long value() {
        return switch (r.nextInt(8)) {
            case 0 -> Num.INF;
            case 1 -> Num.NEG_INF;
            case 2 -> Num.NEG_ZERO;
            case 3 -> r.nextLong(Long.MIN_VALUE + 8, Long.MAX_VALUE - 1);
            default -> r.nextLong(-1_000_000, 1_000_000);
        };
    }

    private byte[] text() {
        int n = r.nextInt(8) == 0 ? 0 : r.nextInt(1, 40);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(32, 256);
        }
        return r.nextInt(10) == 0 ? "u1/Y".getBytes(StandardCharsets.ISO_8859_1) : b;
    }
}
