package io.stadb.ingest;

import io.stadb.codec.BlockKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts of one parse: what was read, stored, skipped and why. Filled by the parser's thread. */
public final class ParseSummary {
    /** The first problems are kept in full; the rest are only counted. */
    public static final int MAX_KEPT_PROBLEMS = 100;

    long bytes;
    long lines;
    long blocks;
    long paths;
    long rows;
    long verbatimRows;
    long skippedLines;
    long badBlocks;
    long nanos;
    /** Blocks per kind code (an array: counting must not box on the hot path). */
    final long[] blocksByCode = new long[16];
    final List<ParseProblem> problems = new ArrayList<>();

    void problem(ParseProblem p) {
        badBlocks++;
        if (problems.size() < MAX_KEPT_PROBLEMS) {
            problems.add(p);
        }
    }

    public long bytes() {
        return bytes;
    }

    public long lines() {
        return lines;
    }

    public long blocks() {
        return blocks;
    }

    /** Paths and JSON checks, plus rows of end/summary/slack_only tables. */
    public long paths() {
        return paths;
    }

    public long rows() {
        return rows;
    }

    /** Rows kept as raw text because their parsed form did not re-render exactly. */
    public long verbatimRows() {
        return verbatimRows;
    }

    /** Lines outside any report (and not part of a bad block). */
    public long skippedLines() {
        return skippedLines;
    }

    public long badBlocks() {
        return badBlocks;
    }

    public List<ParseProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public long blocks(BlockKind k) {
        return blocksByCode[k.code()];
    }

    /** Blocks per kind, for kinds that occurred. */
    public Map<BlockKind, Long> blocksByKind() {
        Map<BlockKind, Long> m = new EnumMap<>(BlockKind.class);
        for (BlockKind k : BlockKind.values()) {
            if (blocksByCode[k.code()] > 0) {
                m.put(k, blocksByCode[k.code()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    public long nanos() {
        return nanos;
    }

    /** Input MB (10^6 bytes) per second of parse time. */
    public double megabytesPerSecond() {
        return nanos == 0 ? 0 : bytes / 1e6 / (nanos / 1e9);
    }

    @Override
    public String toString() {
        return String.format("%d bytes, %d lines, %d blocks, %d paths, %d skipped lines, %d bad blocks, %d verbatim rows",
            bytes, lines, blocks, paths, skippedLines, badBlocks, verbatimRows);
    }
}
