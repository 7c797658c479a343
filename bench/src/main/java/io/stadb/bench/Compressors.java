package io.stadb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The command-line compressors stadb's store is compared with, run on the same file in the same run. A
 * level so slow that the whole file would take too long ({@code zstd -19} at ~1-3 MB/s) can run on a
 * prefix of the file; its size and time are then scaled to the whole file, and {@link Result#sampled}
 * says from how many bytes.
 */
final class Compressors {
    private Compressors() {
    }

    /** Size and times for the whole file; {@code sampled} is the prefix length measured, or 0 for all of it. */
    record Result(String name, long bytes, Samples nanos, long sampled) {
    }

    static Result run(String name, List<String> command, Path file, int runs, long limit) throws IOException {
        long size = Files.size(file);
        long input = limit > 0 && size > limit ? limit : size;
        long[] t = new long[runs];
        long out = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            out = pipe(command, file, input);
            t[i] = System.nanoTime() - t0;
        }
        if (input == size) {
            return new Result(name, out, Samples.of(t), 0);
        }
        double scale = size / (double) input;
        for (int i = 0; i < runs; i++) {
            t[i] = (long) (t[i] * scale);
        }
        return new Result(name, (long) (out * scale), Samples.of(t), input);
    }

    /** Feeds the first {@code bytes} of {@code file} to the command's stdin; returns its stdout's length. */
    private static long pipe(List<String> command, Path file, long bytes) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (InputStream in = Files.newInputStream(file); var os = p.getOutputStream()) {
                byte[] buf = new byte[1 << 16];
                long left = bytes;
                for (int k; left > 0 && (k = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= k) {
                    os.write(buf, 0, k);
                }
            } catch (IOException e) {
                p.destroy();
            }
        }, "compressor-feed");
        feeder.start();
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = p.getInputStream()) {
            for (int k; (k = in.read(buf)) > 0; ) {
                n += k;
            }
        }
        try {
            feeder.join();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return n;
    }
}
