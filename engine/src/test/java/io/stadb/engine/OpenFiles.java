package io.stadb.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test support: what of a directory this JVM still holds open or mapped (read from /proc/self, Linux). */
final class OpenFiles {
    private OpenFiles() {
    }

    /**
     * Open descriptors and live mappings of files under {@code dir}. The store's own descriptors are read
     * before any garbage collection (a collected channel's cleaner would close a leaked one and hide it).
     * Chronicle releases a closed queue's files and mappings in the background, and a dropped mapping goes
     * with its buffer's cleaner, so those get a few collections first.
     */
    static List<String> under(Path dir) throws IOException {
        String root = dir.toRealPath().toString();
        List<String> held = new ArrayList<>(descriptors(root).stream().filter(f -> !isJournal(f)).toList());
        List<String> late = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            late = new ArrayList<>(descriptors(root).stream().filter(OpenFiles::isJournal).toList());
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
                lines.filter(l -> l.contains(root) && !l.endsWith("(deleted)")).map(l -> "map " + l).forEach(late::add);
            }
            if (late.isEmpty()) {
                break;
            }
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        held.addAll(late);
        return held;
    }

    private static boolean isJournal(String fd) {
        String f = fd.replace(" (deleted)", "");
        return f.endsWith(".cq4") || f.endsWith(".cq4t");
    }

    private static List<String> descriptors(String root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(root)) {
                        out.add("fd " + target);
                    }
                } catch (IOException closedMeanwhile) {
                    // closed while listing
                }
            }
        }
        return out;
    }
}
