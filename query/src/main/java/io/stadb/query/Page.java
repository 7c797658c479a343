package io.stadb.query;

import java.util.List;

/** One page of a query: its paths, and the cursor of the next page (null after the last). */
public record Page(List<PathRecord> paths, String nextCursor) {
    public Page {
        paths = List.copyOf(paths);
    }
}
