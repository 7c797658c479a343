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
    private ExcerptTailer tailer;
    private byte[] record = new byte[4096];
    private long index = -1;

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

    /**
     * Reads the next record into {@link #record()} and returns its length, or -1 when no further record is
     * readable (an excerpt a killed writer left unfinished never is). The tailer is made on first use, on
     * the calling thread, and kept until {@link #close}: reading is sequential, in constant memory.
     */
    public int readNext() {
        if (tailer == null) {
            tailer = queue.createTailer();
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return -1;
            }
            var bytes = dc.wire().bytes();
            long len = bytes.readRemaining();
            if (len > Integer.MAX_VALUE - 8) {
                throw new StadbException(dir.toString(), -1, dc.index(), "journal record of " + len + " bytes", null);
            }
            if (record.length < len) {
                record = new byte[(int) Math.max(len, record.length * 2L)];
            }
            bytes.read(record, 0, (int) len);
            index = dc.index();
            return (int) len;
        }
    }

    /** The record {@link #readNext} read last (its first bytes; valid until the next call). */
    public byte[] record() {
        return record;
    }

    /** Where the last record read lies: the queue directory and the excerpt's index. */
    public String where() {
        return dir + "#" + Long.toHexString(index);
    }

    @Override
    public void close() {
        if (tailer != null) {
            tailer.close();
            tailer = null;
        }
        if (appender != null) {
            appender.close();
            appender = null;
        }
        queue.close();
    }
}
