package io.stadb.tools;

import io.stadb.ingest.IngestProgress;
import java.io.PrintWriter;

/** A one-line progress display on a terminal's stderr (carriage return, no ANSI); silent elsewhere. */
final class ProgressLine implements IngestProgress {
    private final PrintWriter err;
    private final boolean enabled;
    private boolean drawn;

    ProgressLine(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public void update(long bytes, long totalBytes, long paths, long nanos) {
        if (!enabled) {
            return;
        }
        double mbps = bytes / 1e6 / Math.max(1e-9, nanos / 1e9);
        StringBuilder sb = new StringBuilder("\r");
        if (totalBytes > 0) {
            double frac = Math.min(1.0, (double) bytes / totalBytes);
            long etaSec = mbps > 0 ? (long) ((totalBytes - bytes) / 1e6 / mbps) : 0;
            sb.append(String.format("%5.1f%% ", frac * 100));
            sb.append(String.format("%,d paths  %.0f MB/s  ETA %ds ", paths, mbps, etaSec));
        } else {
            sb.append(String.format("%,.1f MB  %,d paths  %.0f MB/s ", bytes / 1e6, paths, mbps));
        }
        err.print(sb);
        err.flush();
        drawn = true;
    }

    void done() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
