package io.stadb.ingest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves open files, memory mappings of store files, or threads behind.
 * Reads /proc/self (Linux, as on every machine of this project). JVM-wide helper threads that libraries
 * start once (Chronicle's disk-space monitor, JUnit's, the JIT) are not leaks of a test.
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> GLOBAL_THREADS = List.of("disk~space", "DiskSpace", "Common-Cleaner",
        "Reference Handler", "Finalizer", "Signal Dispatcher", "Notification Thread", "Attach Listener",
        "process reaper", "junit", "surefire", "ForkJoinPool", "Timer-", "main",
        "Memory-Monitor", "background", "queue-thread-local-cleaner", "Jvm");

    private Set<String> fdsBefore;
    private Set<String> threadsBefore;

    @Override
    public void beforeAll(ExtensionContext c) throws IOException {
        fdsBefore = openFiles();
        threadsBefore = threads();
    }

    @Override
    public void afterAll(ExtensionContext c) throws Exception {
        Set<String> leakedFiles = new TreeSet<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            System.gc(); // unmapped buffers are released by their cleaners
            leakedFiles = openFiles();
            leakedFiles.removeAll(fdsBefore);
            leakedFiles.removeIf(f -> f.contains("/proc/") || f.endsWith(".jar") || f.contains("surefire")
                || f.startsWith("/dev/") || f.startsWith("pipe:") || f.startsWith("socket:") || f.startsWith("anon_inode:") || f.contains("jacoco"));
            if (leakedFiles.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        }
        Set<String> leakedThreads = threads();
        leakedThreads.removeAll(threadsBefore);
        leakedThreads.removeIf(t -> GLOBAL_THREADS.stream().anyMatch(t::contains));
        List<String> maps = storeMappings();
        if (!leakedFiles.isEmpty() || !leakedThreads.isEmpty() || !maps.isEmpty()) {
            fail("leaked files " + leakedFiles + ", threads " + leakedThreads + ", mappings " + maps);
        }
    }

    static Set<String> openFiles() throws IOException {
        Path fd = Path.of("/proc/self/fd");
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(fd)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    out.add(Files.readSymbolicLink(p).toString());
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return out;
    }

    static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Mappings of journal files (*.cq4, *.cq4t) still in the address space. */
    static List<String> storeMappings() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> (l.contains(".cq4") || l.endsWith(".seg")) && !l.contains("(deleted)")).toList();
        }
    }
}
