package io.stadb.ingest;

/** Receives ingest progress from the ingesting thread, at most a few times a second. */
@FunctionalInterface
public interface IngestProgress {
    /**
     * @param bytes      input bytes read so far
     * @param totalBytes the input's size when known (a file), else -1
     * @param paths      paths stored so far
     * @param nanos      time since the ingest started
     */
    void update(long bytes, long totalBytes, long paths, long nanos);

    IngestProgress NONE = (b, t, p, n) -> {
    };
}
