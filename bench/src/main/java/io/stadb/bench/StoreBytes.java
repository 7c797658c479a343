package io.stadb.bench;

import io.stadb.engine.PathIndexFormat;
import io.stadb.engine.SegmentFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A store's bytes on disk by kind: columnar segments, path indexes, the shared name dictionary, and the
 * ingest journals (kept until {@code stadb compact}, so reported apart: the store a reader needs is the
 * first three).
 */
record StoreBytes(long segments, long index, long dictionary, long journal, long other) {

    long store() {
        return segments + index + dictionary;
    }

    static StoreBytes of(Path dir) {
        long[] k = new long[5];
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String name = f.getFileName().toString();
                long n = size(f);
                String rel = dir.relativize(f).toString();
                if (name.equals(SegmentFormat.FILE_NAME)) {
                    k[0] += n;
                } else if (name.equals(PathIndexFormat.FILE_NAME)) {
                    k[1] += n;
                } else if (name.equals("names.dict")) {
                    k[2] += n;
                } else if (rel.contains("journal")) {
                    k[3] += n;
                } else {
                    k[4] += n;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoreBytes(k[0], k[1], k[2], k[3], k[4]);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
