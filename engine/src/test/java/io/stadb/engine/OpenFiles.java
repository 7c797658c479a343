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

    /** Open descriptors and live mappings of files under {@code dir}; mappings are released by their cleaners. */
    static List<String> under(Path dir) throws IOException {
        String root = dir.toRealPath().toString();
        List<String> held = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            System.gc();
            held.clear();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith(root)) {
                            held.add("fd " + target);
                        }
                    } catch (IOException closedMeanwhile) {
                        // closed while listing
                    }
                }
            }
            try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
                maps.filter(l -> l.contains(root) && !l.endsWith("(deleted)")).forEach(l -> held.add("map " + l));
            }
            if (held.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return held;
    }
}
