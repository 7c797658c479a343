package io.stadb.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test support, shared with the modules above (engine test-jar): store directories as files. */
public final class StoreFiles {
    private StoreFiles() {
    }

    /**
     * Copies a store as a process killed now would leave it: every file as it is (a journal being written
     * included, read through the page cache), without the writer lock, which dies with its process.
     */
    public static void crashCopy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            Path t = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(t);
            } else if (!p.getFileName().toString().equals("writer.lock")) {
                Files.copy(p, t);
            }
        }
    }

    /** The stage directories (by id) in the store. */
    public static List<String> stageDirs(Path db) throws IOException {
        try (Stream<Path> s = Files.list(db.resolve("stages"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
