package io.stadb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stadb.engine.StageWriter;
import io.stadb.engine.Store;
import io.stadb.ingest.ParserOptions;
import io.stadb.ingest.ReportParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end, in-process: exit codes, summaries, and report giving back the exact bytes. */
class StadbCliTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    private static byte[] sample(String name) throws Exception {
        try (InputStream in = StadbCliTest.class.getResourceAsStream("/io/stadb/tools/demo/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void genEndTablesOfAFixedDesign() {
        java.io.OutputStream saved = GenCommand.out;
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        try {
            GenCommand.out = text;
            CliRun ok = run("gen", "--paths", "2000", "--format", "end", "--endpoints", "10");
            assertEquals(0, ok.code(), ok.err());
            long distinct = text.toString(StandardCharsets.ISO_8859_1).lines()
                .filter(l -> l.startsWith("core/") || l.startsWith("out")).map(l -> l.substring(0, l.indexOf(' ')))
                .distinct().count();
            assertEquals(10, distinct, "2 000 rows over a design of 10 endpoints meet all of them");
            CliRun bad = run("gen", "--paths", "10", "--endpoints", "10");
            assertEquals(2, bad.code());
            assertTrue(bad.err().contains("--endpoints takes a positive count, with --format end"), bad.err());
        } finally {
            GenCommand.out = saved;
        }
    }

    @Test
    void ingestReportStagesRoundTrip() throws Exception {
        byte[] text = sample("demo-place.txt");
        Path f = tmp.resolve("place.txt");
        Files.write(f, text);
        String db = tmp.resolve("db").toString();
        CliRun ing = run("ingest", "--db", db, "--stage", "place", "--meta", "step=3_place", f.toString());
        assertEquals(0, ing.code(), ing.err());
        assertTrue(ing.out().startsWith("stage place: 96 paths"), ing.out());

        CliRun rep = run("report", "--db", db, "--stage", "place");
        assertEquals(0, rep.code(), rep.err());
        String original = new String(text, StandardCharsets.UTF_8);
        assertEquals(original, rep.out(), "sta output has no non-report text here, so report is the file itself");

        CliRun json = run("ingest", "--db", db, "--stage", "cts", "--format", "json", f.toString());
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"stage\":\"cts\"") && json.out().contains("\"paths\":96")
            && json.out().contains("\"bad_blocks\":0"), json.out());

        CliRun same = run("ingest", "--db", db, "--stage", "cts", f.toString());
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("already holds") && same.out().contains("nothing to do"), same.out());
        Path other = tmp.resolve("other.txt");
        Files.write(other, sample("demo-route.txt"));
        CliRun dup = run("ingest", "--db", db, "--stage", "cts", other.toString());
        assertEquals(1, dup.code());
        assertTrue(dup.err().contains("already exists"), dup.err());

        CliRun st = run("stages", "--db", db, "--format", "json");
        assertTrue(st.out().startsWith("{\"head\":\"cts\",\"stages\":[{\"id\":1,\"name\":\"place\""), st.out());
        assertTrue(st.out().contains("\"meta\":{\"step\":\"3_place\"}"), st.out());
        CliRun table = run("stages", "--db", db);
        assertTrue(table.out().contains("(head)"), table.out());

        CliRun head = run("report", "--db", db);
        assertEquals(original, head.out());
        CliRun missing = run("report", "--db", db, "--stage", "nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no stage named 'nope'"), missing.err());
    }

    /** A killed ingest re-run with the same command resumes: what it journaled is verified, not journaled again. */
    /** --coder-threads N stores what the writer thread alone stores; a count out of range is a usage error. */
    @Test
    void ingestWithCoderThreadsStoresTheSameBytes() throws Exception {
        Path f = tmp.resolve("place.txt");
        Files.write(f, sample("demo-place.txt"));
        byte[] expected = null;
        for (String threads : new String[] {"0", "2"}) {
            Path db = tmp.resolve("db" + threads);
            CliRun ing = run("ingest", "--db", db.toString(), "--stage", "place", "--coder-threads", threads, f.toString());
            assertEquals(0, ing.code(), ing.err());
            assertTrue(ing.out().startsWith("stage place: 96 paths"), ing.out());
            byte[] seg = Files.readAllBytes(db.resolve("stages/1/data.seg"));
            if (expected == null) {
                expected = seg;
            } else {
                assertTrue(java.util.Arrays.equals(expected, seg), "data.seg with " + threads + " coder threads");
            }
        }
        CliRun bad = run("ingest", "--db", tmp.resolve("db-bad").toString(), "--stage", "x", "--coder-threads", "-1", f.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--coder-threads must be 0..64"), bad.err());
        assertFalse(Files.exists(tmp.resolve("db-bad")), "a usage error opens no store");
    }

    @Test
    void theSameIngestAfterACrashResumesAndSaysSo() throws Exception {
        byte[] text = sample("demo-place.txt");
        Path f = tmp.resolve("place.txt");
        Files.write(f, text);
        Path db = tmp.resolve("db");
        Path crashed = tmp.resolve("crashed");
        try (Store s = Store.open(db, true); StageWriter w = s.beginStage("place", f.toString(), Map.of(), false)) {
            int[] n = {0};
            new ReportParser(ParserOptions.DEFAULTS, b -> {
                if (n[0]++ < 40) {
                    w.append(b);
                }
            }).parse(new ByteArrayInputStream(text), f.toString());
            io.stadb.engine.StoreFiles.crashCopy(db, crashed); // the store as a kill after 40 journaled blocks leaves it
        }
        CliRun resumed = run("ingest", "--db", crashed.toString(), "--stage", "place", "--format", "json", f.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resumed stage 'place': 40 blocks already journaled were verified, not re-journaled"),
            resumed.err());
        assertTrue(resumed.out().contains("\"paths\":96") && resumed.out().contains("\"resumed_blocks\":40"), resumed.out());
        assertEquals(new String(text, StandardCharsets.UTF_8), run("report", "--db", crashed.toString()).out());
        CliRun verify = run("verify", "--db", crashed.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
    }

    @Test
    void badBlocksExitThreeAndStrictExitsTwoStoringNothing() throws Exception {
        String text = new String(sample("demo-place.txt"), StandardCharsets.ISO_8859_1);
        int cut = text.indexOf("slack (");
        String bad = text.substring(0, text.lastIndexOf('\n', cut)) + "\n" + text;
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, bad, StandardCharsets.ISO_8859_1);
        String db = tmp.resolve("db").toString();
        CliRun strict = run("ingest", "--db", db, "--stage", "s", "--strict", f.toString());
        assertEquals(2, strict.code());
        assertTrue(strict.err().contains("bad.txt:") && strict.err().contains("(byte ") && strict.err().contains("nothing was stored"),
            strict.err());
        CliRun lenient = run("ingest", "--db", db, "--stage", "s", f.toString());
        assertEquals(3, lenient.code(), lenient.err());
        assertTrue(lenient.err().contains("skipped bad block"), lenient.err());
        assertTrue(lenient.out().contains("1 bad blocks"), lenient.out());
        CliRun usage = run("ingest", "--db", db);
        assertEquals(2, usage.code());
        CliRun badName = run("ingest", "--db", db, "--stage", "../etc", f.toString());
        assertEquals(1, badName.code());
        assertTrue(badName.err().contains("invalid stage name"), badName.err());
    }

    @Test
    void execIngestsALiveProcess() throws Exception {
        Path f = tmp.resolve("r.txt");
        Files.write(f, sample("demo-route.txt"));
        String db = tmp.resolve("db").toString();
        CliRun r = run("ingest", "--db", db, "--stage", "live", "--exec", "cat " + f);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("96 paths"), r.out());
    }

    @Test
    void demoWithSamplesVersionAndHelp() {
        String db = tmp.resolve("db").toString();
        CliRun demo = run("demo", "--db", db, "--samples");
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("worst 10 paths of stage demo-route"), demo.out());
        assertTrue(demo.out().contains("VIOLATED"), demo.out());
        CliRun again = run("demo", "--db", db, "--samples");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already stored as stage demo-place"), again.out());
        CliRun v = run("--version");
        assertTrue(v.out().startsWith("stadb "), v.out());
        CliRun h = run("--help");
        assertTrue(h.out().contains("Exit codes") && h.out().contains("ingest") && h.out().contains("report"), h.out());
        CliRun noStore = run("stages", "--db", tmp.resolve("none").toString());
        assertEquals(1, noStore.code());
    }

    @Test
    void demoNamesAStoreItCannotOpenAndWhatToDo() throws Exception {
        Path db = tmp.resolve("olddb");
        assertEquals(0, run("demo", "--db", db.toString(), "--samples").code());
        Files.writeString(db.resolve("catalog"), "stadb-catalog 0\n"); // as an incompatible stadb would leave it
        CliRun demo = run("demo", "--db", db.toString(), "--samples");
        assertEquals(1, demo.code(), demo.out());
        assertTrue(demo.err().contains("the demo store " + db + " cannot be opened: ")
            && demo.err().contains("remove it (rm -rf " + db + ") or give the demo another --db"), demo.err());
    }

    /** A store with the two shipped demo stages, as {@code stadb ingest} makes it. */
    private Path demoStore() throws Exception {
        Path db = tmp.resolve("qdb");
        for (String st : List.of("place", "route")) {
            Path f = tmp.resolve(st + ".txt");
            Files.write(f, sample("demo-" + st + ".txt"));
            assertEquals(0, run("ingest", "--db", db.toString(), "--stage", st, f.toString()).code());
        }
        return db;
    }

    private static double field(String json, String key) {
        int i = json.indexOf("\"" + key + "\":") + key.length() + 3;
        int j = i;
        while (j < json.length() && "-0123456789.".indexOf(json.charAt(j)) >= 0) {
            j++;
        }
        return Double.parseDouble(json.substring(i, j));
    }

    @Test
    void queryPagesFollowTheirCursorsToTheEnd() throws Exception {
        String db = demoStore().toString();
        CliRun worst = run("query", "--db", db, "--worst", "5", "--format", "jsonl");
        assertEquals(0, worst.code(), worst.err());
        List<String> lines = worst.out().lines().toList();
        assertEquals(5, lines.size());
        for (int i = 1; i < 5; i++) {
            assertTrue(field(lines.get(i - 1), "slack") <= field(lines.get(i), "slack"), lines.toString());
        }
        assertTrue(lines.get(0).contains("\"stage\":\"route\"") && lines.get(0).contains("\"status\":\"VIOLATED\""));

        int total = 0;
        int pages = 0;
        String cursor = null;
        do {
            CliRun p = cursor == null ? run("query", "--db", db, "--page-size", "10", "--format", "json-page")
                : run("query", "--db", db, "--page-size", "10", "--format", "json-page", "--cursor", cursor);
            assertEquals(0, p.code(), p.err());
            String out = p.out().trim();
            assertTrue(out.startsWith("{\"paths\":[") && out.endsWith("}"), out);
            total += out.split("\"ordinal\":", -1).length - 1;
            int c = out.indexOf("\"next_cursor\":");
            String next = out.substring(c + 14, out.length() - 1);
            cursor = next.equals("null") ? null : next.substring(1, next.length() - 1);
            pages++;
        } while (cursor != null && pages < 100);
        int paths = (int) field(run("stats", "--db", db, "--format", "json").out(), "paths");
        assertTrue(paths > 50, "paths " + paths);
        assertEquals(paths, total);
        assertEquals((paths + 9) / 10, pages);

        CliRun csv = run("query", "--db", db, "--to", "out*", "--all", "--format", "csv", "--stage", "place");
        assertEquals(0, csv.code(), csv.err());
        List<String> rows = csv.out().lines().toList();
        assertTrue(rows.get(0).startsWith("stage,ordinal,startpoint,endpoint"));
        assertTrue(rows.size() > 10 && rows.stream().skip(1).allMatch(r -> r.split(",")[3].startsWith("out")), rows.get(1));

        CliRun report = run("query", "--db", db, "--worst", "2", "--format", "report");
        assertTrue(report.out().startsWith("Startpoint: ") && report.out().indexOf("Startpoint: ", 1) > 0, report.out());
        String route = new String(sample("demo-route.txt"), StandardCharsets.ISO_8859_1);
        assertTrue(route.contains(report.out().substring(0, report.out().indexOf("Startpoint: ", 1))),
            "the worst path's text is a block of the report");

        CliRun bad = run("query", "--db", db, "--cursor", "garbage!");
        assertEquals(StadbCli.ERROR, bad.code());
        assertTrue(bad.err().contains("not a stadb cursor"), bad.err());
        CliRun usage = run("query", "--db", db, "--type", "sideways");
        assertEquals(StadbCli.USAGE, usage.code());
        assertTrue(usage.err().contains("--type"), usage.err());
    }

    @Test
    void statsDiffAndTrendPrintTheirFigures() throws Exception {
        String db = demoStore().toString();
        CliRun stats = run("stats", "--db", db, "--stage", "place", "--format", "json");
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().startsWith("{\"stage\":\"place\",\"paths\":"), stats.out());
        assertTrue(field(stats.out(), "tns") < 0 && field(stats.out(), "wns") < 0, stats.out());
        CliRun table = run("stats", "--db", db, "--bins", "4");
        assertTrue(table.out().contains("slack histogram") && table.out().contains("TNS"), table.out());

        CliRun diff = run("diff", "--db", db, "--from", "place", "--to", "route", "--format", "json", "--top", "3");
        assertEquals(0, diff.code(), diff.err());
        long paths = (long) field(run("stats", "--db", db, "--stage", "route", "--format", "json").out(), "paths");
        assertEquals(paths, (long) (field(diff.out(), "matched") + field(diff.out(), "added")), diff.out());
        assertTrue(field(diff.out(), "regressed") > 0, diff.out());
        CliRun diffTable = run("diff", "--db", db, "--from", "place");
        assertTrue(diffTable.out().contains("worst regressions"), diffTable.out());

        CliRun trend = run("trend", "--db", db, "--format", "json");
        assertEquals(0, trend.code(), trend.err());
        assertTrue(trend.out().indexOf("\"stage\":\"place\"") < trend.out().indexOf("\"stage\":\"route\""));
        assertTrue(run("trend", "--db", db, "route").out().contains("route"));
        assertEquals(StadbCli.ERROR, run("stats", "--db", db, "--stage", "nope").code());
        CliRun xml = run("stats", "--db", db, "--format", "xml");
        assertEquals(StadbCli.USAGE, xml.code());
        assertTrue(xml.err().contains("xml"), xml.err());
        assertEquals(stats.out(), run("stats", "--db", db, "--stage", "place", "--format", "JSON").out());
    }
}
