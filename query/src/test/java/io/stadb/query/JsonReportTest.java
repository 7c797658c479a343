package io.stadb.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stadb.codec.PathStatus;
import io.stadb.engine.Store;
import io.stadb.ingest.Ingestor;
import io.stadb.ingest.NoLeaks;
import io.stadb.ingest.ParserOptions;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A JSON report (OpenSTA 2.6's regression output): values in the aux slot, times in seconds. */
@ExtendWith(NoLeaks.class)
class JsonReportTest {
    @TempDir
    Path tmp;

    @Test
    void jsonChecksAreIndexedInNanoseconds() throws Exception {
        Path db = tmp.resolve("db");
        try (Store s = Store.open(db, true);
             InputStream in = getClass().getResourceAsStream("/fixtures/OpenSTA__test__report_json1.ok")) {
            new Ingestor(s, ParserOptions.DEFAULTS).ingest("json", in, "json1", Map.of(), false);
        }
        try (TimingDb d = TimingDb.open(db)) {
            List<PathRecord> all = d.query().worst(10);
            assertEquals(1, all.size());
            PathRecord r = all.get(0);
            assertEquals("_1415_/Q", r.startpoint());
            assertEquals("_1416_[0]/D", r.endpoint());
            assertEquals("clk", r.group());
            assertEquals(MinMax.MAX, r.type());
            assertEquals(9.550, r.slack());
            assertEquals(0.3296, r.arrival());
            assertEquals(9.879, r.required());
            assertEquals(PathStatus.MET, r.status());
        }
    }
}
