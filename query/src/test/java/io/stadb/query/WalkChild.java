package io.stadb.query;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap: walks every path of the head stage worst first, checking the
 * order, then prints "paths=N heapPeakMB=M". With a cursor as second argument it prints instead the
 * ordinals of the page of 5 after it ("page=o1,o2,..."): a cursor made by another process.
 */
public final class WalkChild {
    private WalkChild() {
    }

    public static void main(String[] args) {
        if (args.length > 1) {
            try (TimingDb db = TimingDb.open(Path.of(args[0]))) {
                System.out.println("page=" + db.query().page(5, args[1]).paths().stream()
                    .map(r -> Long.toString(r.ordinal())).collect(java.util.stream.Collectors.joining(",")));
            }
            return;
        }
        long n = 0;
        double last = Double.NEGATIVE_INFINITY;
        long lastOrdinal = -1;
        try (TimingDb db = TimingDb.open(Path.of(args[0])); var s = db.query().stream()) {
            for (var it = s.iterator(); it.hasNext(); ) {
                PathRecord r = it.next();
                if (r.slack() < last || r.slack() == last && r.ordinal() <= lastOrdinal) {
                    throw new AssertionError("out of order at " + n + ": " + r);
                }
                last = r.slack();
                lastOrdinal = r.ordinal();
                n++;
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.println("paths=" + n + " heapPeakMB=" + peak / (1 << 20));
    }
}
