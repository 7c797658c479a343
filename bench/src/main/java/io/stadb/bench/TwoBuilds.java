package io.stadb.bench;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A/B of two builds of stadb in one JVM, for a machine whose speed moves with its host's load: each build
 * is loaded by a class loader of its own (its jar first, then this benchmark jar for {@link Driver}), and
 * the rounds alternate A, B, B, A, … so that load hits both alike. Reports thread CPU time per round (median
 * and minimum over the last two thirds) and in how many rounds B beat A; an A/A run splits about evenly.
 * Each round's times are printed too: with the same jar twice, a probe of how fast the host runs now.
 *
 * <pre>
 * java &lt;flags&gt; -cp bench/target/benchmarks.jar io.stadb.bench.TwoBuilds MODE REPORT ROUNDS JAR_A JAR_B
 * </pre>
 * MODE: {@code parse} (parse the report), {@code encode} (parse once, then code it into chunks of 4,096 blocks
 * with a fresh dictionary each round), {@code scan} (code once, then read the slack column of every chunk 500
 * times). JAR_A/JAR_B: stadb jars (tools/target/stadb.jar or bench/target/benchmarks.jar of each build).
 */
public final class TwoBuilds {
    private TwoBuilds() {
    }

    /**
     * Loaded once per build; links against that build's classes. Public with a public constructor and
     * methods, reached by reflection.
     */
    public static final class Driver {
        private final byte[] text;
        private final List<io.stadb.codec.ReportBlock> blocks = new ArrayList<>();
        private final List<byte[]> chunks = new ArrayList<>();
        private io.stadb.codec.NameDictionary dict;

        public Driver(byte[] text, String mode) {
            this.text = text;
            if (!mode.equals("parse")) {
                new io.stadb.ingest.ReportParser(io.stadb.ingest.ParserOptions.DEFAULTS, b -> {
                    io.stadb.codec.ReportBlock c = new io.stadb.codec.ReportBlock();
                    c.copyFrom(b);
                    blocks.add(c);
                }).parse(new ByteArrayInputStream(text), "input");
            }
            if (mode.equals("scan")) {
                encode();
            }
        }

        /** Parses the whole report; returns its paths. */
        public long parse() {
            return new io.stadb.ingest.ReportParser(io.stadb.ingest.ParserOptions.DEFAULTS, b -> { })
                .parse(new ByteArrayInputStream(text), "input").paths();
        }

        /** Codes every block into chunks; returns the chunk bytes. */
        public long encode() {
            dict = new io.stadb.codec.NameDictionary();
            io.stadb.codec.ChunkWriter w = new io.stadb.codec.ChunkWriter(dict, io.stadb.codec.ChunkWriter.DEFAULT_LEVEL);
            chunks.clear();
            long bytes = 0;
            w.begin();
            for (io.stadb.codec.ReportBlock b : blocks) {
                w.add(b);
                if (w.blockCount() == io.stadb.codec.ChunkWriter.DEFAULT_CHUNK_BLOCKS) {
                    chunks.add(w.finish());
                    bytes += chunks.get(chunks.size() - 1).length;
                    w.begin();
                }
            }
            if (w.blockCount() > 0) {
                chunks.add(w.finish());
                bytes += chunks.get(chunks.size() - 1).length;
            }
            return bytes;
        }

        /** Reads the slack column of every chunk 500 times; returns the sum of the slacks (kept live). */
        public long scan() {
            io.stadb.codec.ChunkReader r = new io.stadb.codec.ChunkReader(dict);
            long[] out = new long[io.stadb.codec.ChunkWriter.DEFAULT_CHUNK_BLOCKS];
            long sum = 0;
            for (int k = 0; k < 500; k++) {
                for (byte[] c : chunks) {
                    int n = r.open(c, 0, c.length, "chunk").slacks(out);
                    for (int i = 0; i < n; i++) {
                        sum += out[i];
                    }
                }
            }
            return sum;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !List.of("parse", "encode", "scan").contains(args[0])) {
            System.err.println("usage: TwoBuilds parse|encode|scan REPORT ROUNDS JAR_A JAR_B");
            System.exit(2);
        }
        String mode = args[0];
        byte[] text = Files.readAllBytes(Path.of(args[1]));
        int rounds = Integer.parseInt(args[2]);
        URL self = TwoBuilds.class.getProtectionDomain().getCodeSource().getLocation();
        Object[] drivers = new Object[2];
        Method[] run = new Method[2];
        for (int j = 0; j < 2; j++) {
            URLClassLoader cl = new URLClassLoader(new URL[] {Path.of(args[3 + j]).toUri().toURL(), self},
                ClassLoader.getPlatformClassLoader());
            Class<?> d = cl.loadClass(Driver.class.getName());
            Constructor<?> c = d.getConstructor(byte[].class, String.class);
            drivers[j] = c.newInstance(text, mode);
            run[j] = d.getMethod(mode);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] ms = new double[2][rounds];
        long[] result = new long[2];
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < 2; k++) {
                int j = i % 2 == 0 ? k : 1 - k;
                long t = mx.getCurrentThreadCpuTime();
                result[j] = (Long) run[j].invoke(drivers[j]);
                ms[j][i] = (mx.getCurrentThreadCpuTime() - t) / 1e6;
            }
            System.out.printf(Locale.ROOT, "round %d: A %.0f ms, B %.0f ms%n", i, ms[0][i], ms[1][i]);
        }
        int warm = rounds / 3;
        int wins = 0;
        for (int i = warm; i < rounds; i++) {
            if (ms[1][i] < ms[0][i]) {
                wins++;
            }
        }
        for (int j = 0; j < 2; j++) {
            double[] x = Arrays.copyOfRange(ms[j], warm, rounds);
            Arrays.sort(x);
            System.out.printf(Locale.ROOT, "%s %s: median %.0f ms CPU a round, min %.0f (result %d)%n",
                j == 0 ? "A" : "B", args[3 + j], x[x.length / 2], x[0], result[j]);
        }
        System.out.printf(Locale.ROOT, "B faster in %d of %d rounds%n", wins, rounds - warm);
    }
}
