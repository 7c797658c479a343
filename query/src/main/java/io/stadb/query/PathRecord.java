package io.stadb.query;

import io.stadb.codec.PathStatus;

/**
 * One path as a query returns it. Times are in the report's unit (JSON reports' seconds as ns), NaN when
 * the report did not print them; names are "" when absent (a table row has no startpoint, for example).
 *
 * @param stage    the stage's name
 * @param ordinal  the path's position in its stage, in input order (stable: the cursor tie-break)
 * @param text     the path as OpenSTA printed it (every point), when the query asked for points; else null
 */
public record PathRecord(String stage, long ordinal, String startpoint, String endpoint, String group, MinMax type,
                         String corner, String mode, double slack, double arrival, double required,
                         PathStatus status, PathClass pathClass, CheckKind check, String text) {

    public String statusLabel() {
        return switch (status) {
            case MET -> "MET";
            case VIOLATED -> "VIOLATED";
            case UNCONSTRAINED -> "unconstrained";
            case NONE -> "";
        };
    }
}
