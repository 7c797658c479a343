package io.stadb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.codec.ByteBuilder;
import io.stadb.codec.CorruptBlockException;
import io.stadb.codec.NameDictionary;
import io.stadb.codec.NameLookup;
import io.stadb.engine.internal.MappedNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader's names are the committed prefix of names.dict, mapped: the same ids as the writer's dictionary. */
class MappedNamesTest {
    @TempDir
    Path tmp;

    @Test
    void aReaderMapsTheCommittedNamesWithTheWritersIds() throws Exception {
        Path db = tmp.resolve("db");
        try (Store w = Store.open(db, true)) {
            try (StageWriter sw = w.beginStage("a", "gen", Map.of(), false)) {
                for (int i = 0; i < 500; i++) {
                    sw.append(SegmentStoreTest.path(i, 400));
                }
                sw.commit(1, 1);
            }
            NameDictionary heap = w.names();
            try (Store r = Store.open(db, false)) {
                NameLookup mapped = r.nameLookup();
                assertTrue(mapped instanceof MappedNames);
                assertEquals(heap.size(), mapped.size());
                for (int id = 0; id < heap.size(); id++) {
                    assertEquals(heap.name(id), mapped.name(id));
                    assertArrayEquals(heap.copyOf(id), mapped.copyOf(id));
                    byte[] b = heap.copyOf(id);
                    assertEquals(id, mapped.find(b, 0, b.length));
                }
                byte[] none = "no such name".getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(-1, mapped.find(none, 0, none.length));
                assertEquals(heap.size(), r.names().size(), "the heap form, loaded on demand, agrees");
                r.reload();
                assertTrue(mapped == r.nameLookup(), "no new names: the mapping is kept");
                try (StageWriter sw = w.beginStage("b", "gen", Map.of(), false)) {
                    io.stadb.codec.ReportBlock b = SegmentStoreTest.path(7, 400);
                    byte[] fresh = "brand_new_startpoint".getBytes(StandardCharsets.ISO_8859_1);
                    b.setName(0, fresh, 0, fresh.length);
                    b.deriveFacts();
                    sw.append(b);
                    sw.commit(1, 1);
                }
                r.reload();
                assertEquals(w.names().size(), r.nameLookup().size());
                assertTrue(mapped != r.nameLookup());
                assertEquals(heap.name(0), mapped.name(0), "the old mapping stays valid for queries still using it");
            }
        }
    }

    @Test
    void aCountOrLengthThatDisagreesIsCorruption() throws Exception {
        NameDictionary d = new NameDictionary();
        for (String n : new String[] {"clk", "reg1/D", "u7/Y"}) {
            byte[] b = n.getBytes(StandardCharsets.ISO_8859_1);
            d.intern(b, 0, b.length);
        }
        ByteBuilder bytes = new ByteBuilder();
        d.writeEntries(0, bytes);
        Path f = tmp.resolve("names.dict");
        Files.write(f, java.util.Arrays.copyOf(bytes.array(), bytes.length()));
        try (MappedNames ok = new MappedNames(FileIo.DEFAULT, f, bytes.length(), 3)) {
            assertEquals("reg1/D", ok.name(1));
        }
        CorruptBlockException more = assertThrows(CorruptBlockException.class,
            () -> new MappedNames(FileIo.DEFAULT, f, bytes.length(), 2));
        assertTrue(more.getMessage().contains("more than"), more.getMessage());
        assertThrows(CorruptBlockException.class, () -> new MappedNames(FileIo.DEFAULT, f, bytes.length(), 4));
        assertThrows(CorruptBlockException.class, () -> new MappedNames(FileIo.DEFAULT, f, bytes.length() + 10, 3));
        byte[] bad = java.util.Arrays.copyOf(bytes.array(), bytes.length());
        bad[0] = 100; // "clk" claims 100 bytes
        Files.write(f, bad);
        assertThrows(CorruptBlockException.class, () -> new MappedNames(FileIo.DEFAULT, f, bad.length, 3));
    }
}
