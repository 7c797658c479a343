package io.stadb.engine;

import java.util.Map;

/**
 * A stage as the catalog records it: a named, versioned checkpoint of one ingest.
 *
 * @param id          store-unique number; also names its directory (user text never does)
 * @param name        the user's name for it (validated by {@link StageNames})
 * @param state       incomplete, committed or rolled back
 * @param createdMillis epoch milliseconds when the ingest started
 * @param parentId    the head when it was created, or -1
 * @param source      where the text came from (file path, "-", or the command)
 * @param sourceBytes bytes of input read
 * @param sourceCrc   CRC32C of the input bytes: the source's identity for resume decisions
 * @param paths       paths (and table rows) stored
 * @param blocks      blocks stored
 * @param storedBytes bytes of the stage's segment file (its columnar chunks); the shared name dictionary
 *                    and the ingest journal are not counted
 * @param meta        user metadata ({@code --meta key=value}), iterated in key order
 */
public record StageInfo(long id, String name, StageState state, long createdMillis, long parentId, String source,
                        long sourceBytes, int sourceCrc, long paths, long blocks, long storedBytes,
                        Map<String, String> meta) {

    public StageInfo {
        // Sorted by key: Map.copyOf's iteration order changes from run to run, and meta is printed (JSON, catalog).
        meta = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(meta));
    }

    public StageInfo withState(StageState s) {
        return new StageInfo(id, name, s, createdMillis, parentId, source, sourceBytes, sourceCrc, paths, blocks,
            storedBytes, meta);
    }

    StageInfo committed(long sourceBytes, int sourceCrc, long paths, long blocks, long storedBytes) {
        return new StageInfo(id, name, StageState.COMMITTED, createdMillis, parentId, source, sourceBytes, sourceCrc,
            paths, blocks, storedBytes, meta);
    }
}
