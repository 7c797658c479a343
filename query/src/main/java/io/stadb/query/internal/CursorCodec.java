package io.stadb.query.internal;

import io.stadb.query.QueryException;
import io.stadb.query.QueryException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Cursors: where a query's next page starts, as an opaque URL-safe string (unpadded base64url).
 * <pre>
 *  0 u8 'C'   1 u8 version   2 u8 order (1 slack, 0 input)   3 u8 reserved
 *  4 i64 stage id   12 i64 stage created (ms)   20 i64 query fingerprint
 * 28 i64 last slack (index fixed point)   36 i64 last ordinal   44 i64 paths returned so far
 * 52 8 bytes check: the first 8 bytes of SHA-256("stadb-cursor" || bytes 0..51)
 * </pre>
 * The check rejects a string that was edited or cut; the stage id and creation time tie it to one
 * immutable stage snapshot (valid across processes and later ingests); the fingerprint to one query.
 */
public final class CursorCodec {
    static final int LENGTH = 60;
    private static final int PAYLOAD = 52;
    private static final byte[] SALT = "stadb-cursor".getBytes(StandardCharsets.US_ASCII);

    /** A decoded cursor. */
    public record Position(boolean bySlack, long stageId, long stageCreated, long fingerprint, long lastSlack,
                           long lastOrdinal, long returned) {
    }

    private CursorCodec() {
    }

    public static String encode(Position p) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put((byte) 'C').put((byte) 1).put((byte) (p.bySlack() ? 1 : 0)).put((byte) 0);
        b.putLong(p.stageId()).putLong(p.stageCreated()).putLong(p.fingerprint());
        b.putLong(p.lastSlack()).putLong(p.lastOrdinal()).putLong(p.returned());
        b.put(check(b.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public static Position decode(String s) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            throw bad("not a stadb cursor (not base64url)");
        }
        if (raw.length != LENGTH || raw[0] != 'C') {
            throw bad("not a stadb cursor (" + raw.length + " bytes)");
        }
        if (raw[1] != 1) {
            throw bad("cursor version " + raw[1] + " is not supported");
        }
        byte[] c = check(raw);
        for (int i = 0; i < 8; i++) {
            if (c[i] != raw[PAYLOAD + i]) {
                throw bad("cursor check failed (edited or truncated)");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        boolean bySlack = raw[2] == 1;
        b.position(4);
        return new Position(bySlack, b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    private static QueryException bad(String why) {
        return new QueryException(Reason.BAD_CURSOR, why);
    }

    private static byte[] check(byte[] bytes) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(SALT);
            d.update(bytes, 0, PAYLOAD);
            return java.util.Arrays.copyOf(d.digest(), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
