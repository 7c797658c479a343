package io.stadb.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every file operation of the engine that is not inside Chronicle Queue goes through here, so tests
 * can inject failures (disk full, short write, fsync failure, crash after N writes) by overriding it.
 */
public class FileIo {
    public static final FileIo DEFAULT = new FileIo();

    /** Writes {@code bytes} to {@code target} atomically: temp file, fsync, rename, fsync directory. */
    public void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            write(ch, bytes);
            force(ch);
        }
        move(tmp, target);
        fsyncDirectory(target.getParent());
    }

    /** Writes all of {@code bytes} at the channel's position. */
    public void write(FileChannel ch, byte[] bytes) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    public void force(FileChannel ch) throws IOException {
        ch.force(true);
    }

    /** Renames atomically where the file system can (replacing {@code to}). */
    public void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes a rename or a new file durable: fsync of the directory that holds it. */
    public void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            force(ch);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename itself is still atomic there.
            if (!"Is a directory".equals(e.getMessage())) {
                throw e;
            }
        }
    }

    /** fsyncs every regular file under {@code dir} (a journal written through mmap). */
    public void fsyncTree(Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        force(ch);
                    }
                } else if (Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        }
        // Directory entries too, deepest first, and the parent that holds the tree's own entry.
        Collections.reverse(dirs);
        for (Path d : dirs) {
            fsyncDirectory(d);
        }
        fsyncDirectory(dir.getParent());
    }

    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    public void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    public byte[] readAll(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    /** Maps a whole file read-only (release it with {@link #unmap}). */
    public java.nio.MappedByteBuffer mapReadOnly(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
    }

    /** Maps the first {@code length} bytes of a file read-only (a committed prefix the writer may extend). */
    public java.nio.MappedByteBuffer mapReadOnly(Path p, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            if (ch.size() < length) {
                throw new java.io.EOFException(p + " has " + ch.size() + " bytes, not the " + length + " expected");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, length);
        }
    }

    /** Releases a mapping now rather than when the buffer is collected. */
    public void unmap(java.nio.MappedByteBuffer b) {
        org.agrona.IoUtil.unmap(b);
    }

    /** Cuts a file to {@code length} bytes and makes that durable (drops an uncommitted tail). */
    public void truncate(Path p, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            if (ch.size() > length) {
                ch.truncate(length);
                force(ch);
            }
        }
    }

    /**
     * Appends the batches {@code source} hands out, until it returns null, to a file (created when missing),
     * then fsyncs it once: what is appended need not be in memory at once.
     */
    public void appendDurably(Path p, Batches source) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
            for (byte[] b = source.next(); b != null; b = source.next()) {
                write(ch, b);
            }
            force(ch);
        }
    }

    /** The next batch of bytes to append, or null after the last. */
    @FunctionalInterface
    public interface Batches {
        byte[] next() throws IOException;
    }
}
