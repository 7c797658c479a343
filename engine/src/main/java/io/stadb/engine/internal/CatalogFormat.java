package io.stadb.engine.internal;

import io.stadb.codec.StadbException;
import io.stadb.engine.StageInfo;
import io.stadb.engine.StageState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog file: a small text file, replaced atomically on every change, so a crash leaves either
 * the old or the new catalog. Text because it is tiny and a human debugging a store can read it.
 *
 * <pre>
 * line 1:  stadb-catalog 1
 * line 2:  head &lt;stage id | -1&gt;
 * line 3:  next-id &lt;n&gt;
 * line 4:  names &lt;count&gt; &lt;bytes&gt;   (the committed prefix of names.dict; optional when empty)
 * then one line per stage, fields separated by one space, text fields %-escaped:
 *   stage id state created-ms parent-id source-bytes source-crc32c(hex) paths blocks stored-bytes
 *         name source [key=value ...]
 * </pre>
 */
public final class CatalogFormat {
    private CatalogFormat() {
    }

    public static final String MAGIC = "stadb-catalog";
    public static final int VERSION = 1;
    /** Fixed fields of a stage line before the metadata: "stage" and the eleven listed above. */
    public static final int STAGE_FIELDS = 12;

    /** The decoded catalog. */
    public record Catalog(long head, long nextId, int namesCount, long namesBytes, List<StageInfo> stages) {
        public Catalog(long head, long nextId, List<StageInfo> stages) {
            this(head, nextId, 0, 0, stages);
        }

        public Catalog withNames(int count, long bytes) {
            return new Catalog(head, nextId, count, bytes, stages);
        }
    }

    public static byte[] write(Catalog c) {
        StringBuilder sb = new StringBuilder();
        sb.append(MAGIC).append(' ').append(VERSION).append('\n');
        sb.append("head ").append(c.head()).append('\n');
        sb.append("next-id ").append(c.nextId()).append('\n');
        sb.append("names ").append(c.namesCount()).append(' ').append(c.namesBytes()).append('\n');
        for (StageInfo s : c.stages()) {
            sb.append("stage ").append(s.id()).append(' ').append(s.state().name()).append(' ')
                .append(s.createdMillis()).append(' ').append(s.parentId()).append(' ').append(s.sourceBytes())
                .append(' ').append(Integer.toHexString(s.sourceCrc())).append(' ').append(s.paths()).append(' ')
                .append(s.blocks()).append(' ').append(s.storedBytes()).append(' ').append(escape(s.name()))
                .append(' ').append(escape(s.source()));
            for (Map.Entry<String, String> m : s.meta().entrySet()) {
                sb.append(' ').append(escape(m.getKey())).append('=').append(escape(m.getValue()));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Catalog read(byte[] bytes, String where) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 3 || !lines[0].equals(MAGIC + " " + VERSION)) {
            throw new StadbException(where, 1, 0, "not a stadb catalog (version " + VERSION + ")", null);
        }
        try {
            long head = Long.parseLong(field(lines[1], "head"));
            long nextId = Long.parseLong(field(lines[2], "next-id"));
            int first = 3;
            int namesCount = 0;
            long namesBytes = 0;
            if (lines.length > 3 && lines[3].startsWith("names ")) {
                String[] n = field(lines[3], "names").split(" ");
                namesCount = Integer.parseInt(n[0]);
                namesBytes = Long.parseLong(n[1]);
                first = 4;
            }
            List<StageInfo> stages = new ArrayList<>();
            for (int i = first; i < lines.length; i++) {
                String[] f = lines[i].split(" ");
                if (f.length < STAGE_FIELDS || !f[0].equals("stage")) {
                    throw new StadbException(where, i + 1, -1, "bad stage line", null);
                }
                Map<String, String> meta = new LinkedHashMap<>();
                for (int k = STAGE_FIELDS; k < f.length; k++) {
                    int eq = f[k].indexOf('=');
                    if (eq < 0) {
                        throw new StadbException(where, i + 1, -1, "bad metadata field " + f[k], null);
                    }
                    meta.put(unescape(f[k].substring(0, eq)), unescape(f[k].substring(eq + 1)));
                }
                stages.add(new StageInfo(Long.parseLong(f[1]), unescape(f[10]), StageState.valueOf(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]), unescape(f[11]), Long.parseLong(f[5]),
                    Integer.parseUnsignedInt(f[6], 16), Long.parseLong(f[7]), Long.parseLong(f[8]),
                    Long.parseLong(f[9]), meta));
            }
            return new Catalog(head, nextId, namesCount, namesBytes, stages);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new StadbException(where, -1, -1, "bad catalog: " + e.getMessage(), e);
        }
    }

    private static String field(String line, String key) {
        if (!line.startsWith(key + " ")) {
            throw new IllegalArgumentException("expected '" + key + "' line, found '" + line + "'");
        }
        return line.substring(key.length() + 1);
    }

    /** %-escapes every byte that is not a visible ASCII character other than '%' and '='; "" is "%". */
    static String escape(String s) {
        if (s.isEmpty()) {
            return "%";
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) {
            int c = x & 0xff;
            if (c > 32 && c < 127 && c != '%' && c != '=') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (s.equals("%")) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("bad escape in " + s);
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
