package io.stadb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak memory of this JVM while it works: heap used (sampled every few ms: what the heap reached, which
 * depends on when G1 collects), heap live after a collection (what the work really keeps: the figure that
 * should stay flat as inputs grow), and the process's peak RSS ({@code VmHWM} of /proc/self/status, which
 * also counts mmap'd store files the kernel kept resident).
 */
final class MemoryWatch implements AutoCloseable {
    private final List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final Thread sampler;
    private volatile boolean running = true;
    private long peakUsed;
    private long peakLive;

    MemoryWatch() {
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private synchronized void sample() {
        long used = 0;
        long live = 0;
        for (MemoryPoolMXBean p : heap) {
            used += p.getUsage().getUsed();
            MemoryUsage after = p.getCollectionUsage();
            live += after == null ? 0 : after.getUsed();
        }
        peakUsed = Math.max(peakUsed, used);
        peakLive = Math.max(peakLive, live);
    }

    /** "heap_peak_mb=…,heap_live_mb=…,rss_peak_mb=…" with {@code prefix} before each key. */
    String describe(String prefix) throws IOException {
        sample();
        return String.format(java.util.Locale.ROOT, "%sheap_peak_mb=%.1f,%sheap_live_mb=%.1f,%srss_peak_mb=%.1f",
            prefix, peakUsed / 1e6, prefix, peakLive / 1e6, prefix, vmHwmKb() / 1e3);
    }

    /** Heap in use after two full collections, in MB: what this JVM really keeps reachable now. */
    static double retainedMb() {
        System.gc();
        System.gc();
        java.lang.management.MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        return m.getHeapMemoryUsage().getUsed() / 1e6;
    }

    private static long vmHwmKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
