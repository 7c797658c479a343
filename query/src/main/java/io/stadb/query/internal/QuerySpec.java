package io.stadb.query.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a query selects and in which order, independent of paging and projection. Its
 * {@link #fingerprint} goes into cursors so a cursor only continues the query that made it.
 *
 * @param slackMin fixed point (index units), inclusive; Long.MIN_VALUE for no bound
 * @param slackMax fixed point, inclusive; Long.MAX_VALUE for no bound (paths without slack pass only then)
 * @param minMax   0 any, else the index's min/max code
 * @param check    a CheckKind name, or null
 * @param pathClass a PathClass name, or null
 */
public record QuerySpec(long slackMin, long slackMax, String startGlob, String endGlob, String group, String corner,
                        String mode, int minMax, String check, String pathClass, boolean uniqueEndpoints,
                        boolean bySlack) {

    public String canonical() {
        return "v1|" + slackMin + "|" + slackMax + "|" + startGlob + "|" + endGlob + "|" + group + "|" + corner + "|"
            + mode + "|" + minMax + "|" + check + "|" + pathClass + "|" + uniqueEndpoints + "|" + bySlack;
    }

    public long fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            long f = 0;
            for (int i = 0; i < 8; i++) {
                f = f << 8 | (d[i] & 0xff);
            }
            return f;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    public boolean filtersNames() {
        return startGlob != null || endGlob != null || group != null || corner != null || mode != null;
    }
}
