package io.stadb.query;

/**
 * Figures of the paths of one (group, corner, mode, min/max), or of a whole min/max when group, corner
 * and mode are null. WNS is the worst slack clamped to at most 0 (as OpenSTA's {@code report_wns});
 * TNS the sum over endpoints of each endpoint's worst slack where it is negative (as
 * {@code report_tns}); an endpoint violates when its worst slack is negative.
 */
public record GroupStats(String group, String corner, String mode, MinMax type, long paths, long endpoints,
                         double worstSlack, double wns, double tns, long violatingEndpoints) {
}
