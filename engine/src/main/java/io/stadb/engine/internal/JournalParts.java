package io.stadb.engine.internal;

import io.stadb.codec.StadbException;
import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stage's journal, which may be in parts: {@code journal}, {@code journal.1}, {@code journal.2}, … in
 * its stage directory, read in that order as one journal. Every run of an ingest writes a new part: a
 * resumed ingest keeps what the interrupted one journaled read-only and never appends to a queue a killed
 * process was writing (Chronicle may wait on the unfinished last excerpt it left).
 *
 * <p>Invariant: parts are made in order and removed only by {@link #drop}, which takes the first one away
 * in one rename; so a stage's parts are exactly {@code journal}, {@code journal.1}, … up to the first
 * missing one, and anything else named {@code journal.*} is a leftover of an interrupted drop.
 */
public final class JournalParts implements AutoCloseable {
    private static final String FIRST = "journal";

    private final List<Path> parts;
    private int next;
    private SingleWriterJournal current;

    private JournalParts(List<Path> parts) {
        this.parts = parts;
    }

    /** The parts of the journal in {@code stageDir}, in order (empty when it has none). */
    public static List<Path> list(Path stageDir) {
        List<Path> out = new ArrayList<>();
        for (Path p = stageDir.resolve(FIRST); Files.isDirectory(p); p = stageDir.resolve(FIRST + "." + out.size())) {
            out.add(p);
        }
        return out;
    }

    /** Where the next part of the journal in {@code stageDir} goes. */
    public static Path nextPart(Path stageDir) {
        int n = list(stageDir).size();
        return stageDir.resolve(n == 0 ? FIRST : FIRST + "." + n);
    }

    /** Reads the parts there are now as one journal; each is opened read-only when its turn comes. */
    public static JournalParts read(Path stageDir) {
        return new JournalParts(list(stageDir));
    }

    /**
     * Reads the next record into {@link #record()} and returns its length, or -1 after the last readable
     * record of the last part. Sequential, in constant memory; the tailer belongs to the calling thread.
     */
    public int readNext() {
        while (true) {
            if (current == null) {
                if (next == parts.size()) {
                    return -1;
                }
                Path p = parts.get(next++);
                if (!hasQueueFile(p)) {
                    continue; // a killed writer made the part but never got to its first record
                }
                current = SingleWriterJournal.openForRead(p);
            }
            int len = current.readNext();
            if (len >= 0) {
                return len;
            }
            current.close();
            current = null;
        }
    }

    private static boolean hasQueueFile(Path part) {
        try (Stream<Path> s = Files.list(part)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        } catch (IOException e) {
            throw new StadbException(part.toString(), -1, -1, "cannot list journal: " + e.getMessage(), e);
        }
    }

    /** The record {@link #readNext} read last (its first bytes). */
    public byte[] record() {
        return current.record();
    }

    /** Where the record read last lies (part directory and excerpt index), for errors. */
    public String where() {
        return current.where();
    }

    /**
     * Deletes the journal in {@code stageDir}: the first part is renamed away first, so from that one atomic
     * step on the stage has no journal (never a half-deleted one that reads short); then that and the other
     * parts are deleted, with whatever an earlier interrupted drop left. Returns whether there was a journal.
     */
    public static boolean drop(FileIo io, Path stageDir) throws IOException {
        Path first = stageDir.resolve(FIRST);
        boolean had = Files.isDirectory(first);
        if (had) {
            io.move(first, stageDir.resolve(FIRST + ".dropped"));
        }
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(stageDir)) {
            leftovers = s.filter(p -> p.getFileName().toString().startsWith(FIRST + ".")).toList();
        }
        for (Path p : leftovers) {
            io.deleteTree(p);
        }
        return had;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
