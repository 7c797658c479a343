package io.stadb.engine.internal;

import static io.stadb.engine.PathIndexFormat.*;

import io.stadb.engine.FileIo;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a path index straight from column values, for tests that need values no report produces. */
public final class IndexRecords {
    private IndexRecords() {
    }

    /** {@code cols[COL_*][i]} is path {@code i}'s field. */
    public static void write(Path f, long[][] cols, int n) throws IOException {
        try (PathIndexWriter w = new PathIndexWriter(FileIo.DEFAULT, f)) {
            PathIndexRecord r = new PathIndexRecord();
            for (int i = 0; i < n; i++) {
                r.slack = cols[COL_SLACK][i];
                r.arrival = cols[COL_ARRIVAL][i];
                r.required = cols[COL_REQUIRED][i];
                r.startpoint = (int) cols[COL_STARTPOINT][i];
                r.endpoint = (int) cols[COL_ENDPOINT][i];
                r.group = (int) cols[COL_GROUP][i];
                r.corner = (int) cols[COL_CORNER][i];
                r.mode = (int) cols[COL_MODE][i];
                r.minMax = (byte) cols[COL_MIN_MAX][i];
                r.status = (byte) cols[COL_STATUS][i];
                r.startKind = (byte) cols[COL_START_KIND][i];
                r.endKind = (byte) cols[COL_END_KIND][i];
                r.block = (int) cols[COL_BLOCK][i];
                r.row = (int) cols[COL_ROW][i];
                w.add(r);
            }
            w.finish();
        }
    }
}
