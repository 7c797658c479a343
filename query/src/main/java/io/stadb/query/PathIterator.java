package io.stadb.query;

import io.stadb.engine.StageReader;
import io.stadb.query.internal.CursorCodec;
import io.stadb.query.internal.Materializer;
import io.stadb.query.internal.QuerySpec;
import io.stadb.query.internal.Scanner;
import io.stadb.query.internal.Selection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Walks a query's paths batch by batch: the scanner finds the next batch's ordinals (a few KB), records
 * are made one at a time (or, with points, a small batch at a time, decoding blocks in order). Holds its
 * stage's mappings until closed; closes itself at the end. Checks its {@link Cancellation} (and thread
 * interruption) at every path and every index zone. Single-threaded.
 */
public final class PathIterator implements Iterator<PathRecord>, AutoCloseable {
    private final StageReader reader;
    private final Scanner scanner;
    private final Materializer materializer;
    private final QuerySpec spec;
    private final boolean points;
    private final Cancellation cancel;
    private final long[] batch;
    private List<PathRecord> texts;
    private int n;
    private int at;
    private long lastSlack;
    private long lastOrdinal;
    private boolean exhausted;
    private boolean closed;

    PathIterator(StageReader reader, QuerySpec spec, CursorCodec.Position from, int batchSize, boolean points,
                 Cancellation cancel, QueryProgress progress) {
        this.reader = reader;
        this.spec = spec;
        this.points = points;
        this.cancel = cancel;
        this.batch = new long[batchSize];
        this.lastSlack = from.lastSlack();
        this.lastOrdinal = from.lastOrdinal();
        Scanner s;
        try {
            s = new Scanner(reader.paths(), new Selection(spec, reader.paths(), reader.names()), cancel, progress);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        this.scanner = s;
        this.materializer = new Materializer(reader);
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (at < n) {
            if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
                close(); // a cancelled walk stops at the next path, not at the end of its batch
                cancel.check();
            }
            return true;
        }
        if (exhausted) {
            close();
            return false;
        }
        try {
            cancel.check();
            n = scanner.next(spec.bySlack(), lastSlack, lastOrdinal, batch.length, batch);
            at = 0;
            exhausted = n < batch.length;
            if (n > 0) {
                lastOrdinal = batch[n - 1];
                lastSlack = reader.paths().slack(lastOrdinal);
                texts = points ? materializer.records(batch, n, true) : null;
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (n == 0) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public PathRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int k = at++;
        return texts != null ? texts.get(k) : materializer.record(batch[k], null);
    }

    /** Releases the stage's mappings; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reader.close();
        }
    }
}
