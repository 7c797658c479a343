package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.stadb.codec.BlockRenderer;
import io.stadb.codec.ByteBuilder;
import io.stadb.codec.StadbException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction under injected I/O failures through {@link FileIo}: for each kind of failure, the 1st, 2nd,
 * … operation of that kind fails, until a compaction meets none. After each failure the error names the
 * file, and the store, reopened without faults, verifies clean, reads every stage byte for byte as before,
 * and compacts cleanly.
 */
class CompactionFailureTest {
    @TempDir
    Path tmp;

    @AfterEach
    void nothingLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp));
    }

    enum Fault { SHORT_WRITE, DISK_FULL, FSYNC, MOVE, DELETE }

    /** Fails the {@code failAt}-th operation of one kind once armed (opening the store is not compaction). */
    private static final class FaultyIo extends FileIo {
        final Fault fault;
        final int failAt;
        boolean armed;
        int seen;
        String injected;

        FaultyIo(Fault fault, int failAt) {
            this.fault = fault;
            this.failAt = failAt;
        }

        private boolean now(Fault... kinds) {
            if (armed && injected == null && List.of(kinds).contains(fault) && ++seen == failAt) {
                injected = switch (fault) {
                    case SHORT_WRITE, DISK_FULL -> "No space left on device";
                    case FSYNC -> "fsync: Input/output error";
                    case MOVE, DELETE -> "Device or resource busy";
                };
                return true;
            }
            return false;
        }

        @Override
        public void write(FileChannel ch, byte[] bytes) throws IOException {
            if (now(Fault.SHORT_WRITE, Fault.DISK_FULL)) {
                if (fault == Fault.SHORT_WRITE) {
                    ch.write(ByteBuffer.wrap(bytes, 0, bytes.length / 2));
                }
                throw new IOException(injected);
            }
            super.write(ch, bytes);
        }

        @Override
        public void force(FileChannel ch) throws IOException {
            if (now(Fault.FSYNC)) {
                throw new IOException(injected);
            }
            super.force(ch);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            if (now(Fault.MOVE)) {
                throw new IOException(injected);
            }
            super.move(from, to);
        }

        @Override
        public void deleteTree(Path dir) throws IOException {
            if (now(Fault.DELETE)) {
                throw new IOException(injected);
            }
            super.deleteTree(dir);
        }
    }

    /** place; cts and route as deltas of it; route rolled back; and an interrupted ingest. */
    private Path template() throws IOException {
        Path db = tmp.resolve("build");
        try (Store s = Store.open(db, true)) {
            int[] periods = {500, 490, 480};
            String[] names = {"place", "cts", "route"};
            for (int k = 0; k < 3; k++) {
                try (StageWriter w = s.beginStage(names[k], names[k], Map.of(), false)) {
                    for (int i = 0; i < 5000; i++) {
                        w.append(SegmentStoreTest.path(i, periods[k]));
                    }
                    w.commit(1, 1);
                }
            }
            s.rollback("cts");
        }
        Path template = tmp.resolve("template");
        try (Store s = Store.open(db, true); StageWriter w = s.beginStage("floorplan", "f", Map.of(), false)) {
            w.append(SegmentStoreTest.path(0, 100));
            StoreFiles.crashCopy(db, template);
        }
        return template;
    }

    private static Map<String, String> rendered(Store s) {
        Map<String, String> out = new HashMap<>();
        BlockRenderer r = new BlockRenderer();
        for (StageInfo st : s.stages()) {
            ByteBuilder b = new ByteBuilder();
            s.forEachBlock(st, blk -> r.render(blk, b));
            out.put(st.name(), b.toString());
        }
        return out;
    }

    @Test
    void everyFailingStepOfACompactionIsNamedAndLosesNothing() throws IOException {
        Path template = template();
        Map<String, String> before;
        try (Store s = Store.open(template, false)) {
            before = rendered(s);
        }
        int run = 0;
        for (Fault fault : Fault.values()) {
            for (int n = 1; ; n++) {
                assertTrue(n < 50, fault + " never stopped failing");
                Path db = tmp.resolve("db" + run++);
                StoreFiles.crashCopy(template, db);
                FaultyIo io = new FaultyIo(fault, n);
                try (Store s = Store.open(db, true, io)) {
                    io.armed = true;
                    try {
                        s.compact(false, true);
                    } catch (StadbException e) {
                        String where = fault + " #" + n + ": " + e.getMessage();
                        assertTrue(io.injected != null && e.getMessage().contains(io.injected), where);
                        assertTrue(e.source() != null && e.source().startsWith(db + "/"), "names a file: " + where);
                        assertTrue(e.getMessage().startsWith(e.source() + ": compaction failed"), where);
                    }
                }
                boolean failed = io.injected != null;
                try (Store s = Store.open(db, true)) {
                    assertEquals(List.of(), s.verify(), fault + " #" + n);
                    List<String> names = s.stages().stream().map(StageInfo::name).toList();
                    assertTrue(names.equals(List.of("place", "cts", "route")) || names.equals(List.of("place", "cts")),
                        fault + " #" + n + ": " + names);
                    String step = fault + " #" + n;
                    rendered(s).forEach((name, text) -> assertEquals(before.get(name), text, step + " " + name));
                    s.compact(false, true);
                    assertEquals(List.of(), s.verify());
                    assertEquals(List.of("place", "cts"), s.stages().stream().map(StageInfo::name).toList());
                    assertEquals(List.of(), s.interrupted());
                    rendered(s).forEach((name, text) -> assertEquals(before.get(name), text, name));
                    for (StageInfo st : s.stages()) {
                        Path seg = db.resolve("stages").resolve(Long.toString(st.id())).resolve(SegmentFormat.FILE_NAME);
                        assertEquals(Files.size(seg), st.storedBytes(), step + ": the catalog's size of " + st.name());
                    }
                }
                if (!failed) {
                    assertTrue(n > 1, fault + ": compaction does no such operation");
                    System.out.println("CompactionFailureTest: " + fault + " injected at each of " + (n - 1) + " steps");
                    break;
                }
            }
        }
    }
}
