package io.stadb.engine.internal;

import io.stadb.codec.StadbException;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A stage's journal: one Chronicle Queue whose excerpts are block records. Chronicle appenders are
 * bound to the thread that made them, so the appender is created lazily on, and used only from, the
 * one writing thread.
 */
public final class SingleWriterJournal implements AutoCloseable {
    private final ChronicleQueue queue;
    private final Path dir;
    private ExcerptAppender appender;

    private SingleWriterJournal(ChronicleQueue queue, Path dir) {
        this.queue = queue;
        this.dir = dir;
    }

    /**
     * Journals are written once and then only read, so their files start small (a queue file grows in
     * block-size steps and is sparse until written).
     */
    static final long BLOCK_SIZE = 1L << 20;

    public static SingleWriterJournal openForWrite(Path dir) {
        return new SingleWriterJournal(builder(dir).build(), dir);
    }

    public static SingleWriterJournal openForRead(Path dir) {
        return new SingleWriterJournal(builder(dir).readOnly(true).build(), dir);
    }

    private static net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder builder(Path dir) {
        return ChronicleQueue.singleBuilder(dir).rollCycle(LargeRollCycles.LARGE_DAILY).blockSize(BLOCK_SIZE);
    }

    public void append(byte[] record, int off, int len) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(record, off, len);
        }
    }

    /** Reads records in order; a record stays valid only during its callback. */
    public long forEach(RecordConsumer consumer) {
        byte[] buf = new byte[4096];
        long n = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return n;
                    }
                    var bytes = dc.wire().bytes();
                    long len = bytes.readRemaining();
                    if (len > Integer.MAX_VALUE - 8) {
                        throw new StadbException(dir.toString(), -1, dc.index(), "journal record of " + len + " bytes", null);
                    }
                    if (buf.length < len) {
                        buf = new byte[(int) Math.max(len, buf.length * 2L)];
                    }
                    bytes.read(buf, 0, (int) len);
                    consumer.accept(buf, (int) len, dc.index());
                    n++;
                }
            }
        }
    }

    /** Receives one journal record. */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(byte[] record, int length, long index);
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
            appender = null;
        }
        queue.close();
    }
}
