package io.stadb.codec;

/**
 * The path-level facts of a block, found in its rows by {@link ReportBlock#deriveFacts()}: rows are
 * the only stored truth. Row indices are -1 when absent. Times are unscaled decimals with their own
 * scale (fraction digits; JSON times are seconds in e-notation, so their scales differ per value).
 */
public final class BlockFacts {
    int startRow;
    int endRow;
    int groupRow;
    int typeRow;
    int modeRow;
    int cornerRow;
    int arrivalRow;
    int requiredRow;
    int slackRow;
    long arrival;
    int arrivalScale;
    long required;
    int requiredScale;
    long slack;
    int slackScale;
    PathStatus status;
    int pathCount;

    BlockFacts() {
        reset();
    }

    void reset() {
        startRow = endRow = groupRow = typeRow = modeRow = cornerRow = -1;
        arrivalRow = requiredRow = slackRow = -1;
        arrival = required = slack = Num.BLANK;
        arrivalScale = requiredScale = slackScale = 0;
        status = PathStatus.NONE;
        pathCount = 0;
    }

    void copyFrom(BlockFacts o) {
        startRow = o.startRow;
        endRow = o.endRow;
        groupRow = o.groupRow;
        typeRow = o.typeRow;
        modeRow = o.modeRow;
        cornerRow = o.cornerRow;
        arrivalRow = o.arrivalRow;
        requiredRow = o.requiredRow;
        slackRow = o.slackRow;
        arrival = o.arrival;
        arrivalScale = o.arrivalScale;
        required = o.required;
        requiredScale = o.requiredScale;
        slack = o.slack;
        slackScale = o.slackScale;
        status = o.status;
        pathCount = o.pathCount;
    }

    void derive(ReportBlock b) {
        reset();
        switch (b.kind()) {
            case PATH, PATH_SHORT -> derivePath(b);
            case JSON_PATH -> deriveJson(b);
            case END_TABLE, SUMMARY_TABLE, SLACK_ONLY_TABLE -> deriveTable(b);
            case METRIC -> {
                for (int r = 0; r < b.rowCount(); r++) {
                    if (b.rowKind(r) == RowKind.METRIC && !b.rowHas(r, RowKind.F_VERBATIM)) {
                        slackRow = r;
                        slack = b.num(r, Col.SLACK);
                        slackScale = b.layout().digits();
                    }
                }
            }
            default -> {
            }
        }
    }

    private void derivePath(ReportBlock b) {
        pathCount = 1;
        int digits = b.layout().digits();
        for (int r = 0; r < b.rowCount(); r++) {
            if (b.rowHas(r, RowKind.F_VERBATIM)) {
                continue;
            }
            byte kind = b.rowKind(r);
            if (kind == RowKind.POINT) {
                // Most rows are points: tested before the switch, whose jump is harder to predict.
                point(b, r, digits);
                continue;
            }
            switch (kind) {
                case RowKind.STARTPOINT -> startRow = r;
                case RowKind.ENDPOINT -> endRow = r;
                case RowKind.PATH_GROUP -> groupRow = r;
                case RowKind.PATH_TYPE -> typeRow = r;
                case RowKind.MODE -> modeRow = r;
                case RowKind.CORNER -> cornerRow = r;
                case RowKind.UNCONSTRAINED -> status = PathStatus.UNCONSTRAINED;
                default -> {
                }
            }
        }
    }

    /** A point row of a path: only three labels matter here; tested directly rather than classifying every pin. */
    private void point(ReportBlock b, int r, int digits) {
        boolean aux = b.rowHas(r, RowKind.F_AUX);
        if (!aux && arrivalRow < 0 && b.nameIs(r, "data arrival time")) {
            // The first one is in the source section, printed with its true sign; the
            // slack section repeats it negated.
            arrivalRow = r;
            arrival = b.num(r, Col.TIME);
            arrivalScale = digits;
        } else if (!aux && requiredRow < 0 && b.nameIs(r, "data required time")) {
            requiredRow = r;
            required = b.num(r, Col.TIME);
            requiredScale = digits;
        } else if (aux && b.nameIs(r, "slack")) {
            slackRow = r;
            slack = b.num(r, Col.TIME);
            slackScale = digits;
            status = b.auxIs(r, "VIOLATED") ? PathStatus.VIOLATED : PathStatus.MET;
        }
    }

    private void deriveTable(ReportBlock b) {
        int digits = b.layout().digits();
        for (int r = 0; r < b.rowCount(); r++) {
            byte k = b.rowKind(r);
            if (b.rowHas(r, RowKind.F_VERBATIM)) {
                continue;
            }
            if (k == RowKind.END_ROW || k == RowKind.SUMMARY_ROW || k == RowKind.SLACK_ONLY_ROW) {
                pathCount++;
                long s = b.num(r, Col.SLACK);
                if (slackRow < 0 || Num.compare(s, slack) < 0) {
                    slackRow = r;
                    slack = s;
                    slackScale = digits;
                }
            }
        }
    }

    private void deriveJson(ReportBlock b) {
        pathCount = 1;
        for (int r = 0; r < b.rowCount(); r++) {
            if (b.rowKind(r) != RowKind.JSON_LINE || b.rowHas(r, RowKind.F_VERBATIM)
                || b.num(r, Col.LENGTH) != 2 || !b.rowHas(r, RowKind.F_KEY)) {
                continue;
            }
            if (b.nameIs(r, "startpoint")) {
                startRow = r;
            } else if (b.nameIs(r, "endpoint")) {
                endRow = r;
            } else if (b.nameIs(r, "path_group")) {
                groupRow = r;
            } else if (b.nameIs(r, "path_type")) {
                typeRow = r;
            } else if (b.nameIs(r, "type")) {
                if (b.auxIs(r, "unconstrained")) {
                    status = PathStatus.UNCONSTRAINED;
                }
            } else if (b.nameIs(r, "data_arrival_time")) {
                arrivalRow = r;
                arrival = parseE(b, r);
                arrivalScale = eScale;
            } else if (b.nameIs(r, "required_time")) {
                requiredRow = r;
                required = parseE(b, r);
                requiredScale = eScale;
            } else if (b.nameIs(r, "slack")) {
                slackRow = r;
                slack = parseE(b, r);
                slackScale = eScale;
                if (slack != Num.INVALID && status != PathStatus.UNCONSTRAINED) {
                    status = slack < 0 ? PathStatus.VIOLATED : PathStatus.MET;
                }
            }
        }
    }

    private int eScale;

    /** Parses a {@code %.3e} value ({@code -1.234e-09}) into an unscaled long; sets {@link #eScale}. */
    private long parseE(ReportBlock b, int r) {
        byte[] a = b.arena();
        int off = b.auxOff(r);
        int end = off + b.auxLen(r);
        int e = off;
        while (e < end && a[e] != 'e' && a[e] != 'E') {
            e++;
        }
        if (e == end) {
            eScale = 0;
            return Num.INVALID;
        }
        int frac = Num.fractionDigits(a, off, e);
        long mant = Num.parse(a, off, e, frac);
        int exp = 0;
        int i = e + 1;
        boolean neg = false;
        if (i < end && (a[i] == '-' || a[i] == '+')) {
            neg = a[i] == '-';
            i++;
        }
        if (i == end) {
            eScale = 0;
            return Num.INVALID;
        }
        while (i < end && a[i] >= '0' && a[i] <= '9' && exp < 1000) {
            exp = exp * 10 + (a[i++] - '0');
        }
        if (i != end) {
            eScale = 0;
            return Num.INVALID;
        }
        eScale = frac - (neg ? -exp : exp);
        return mant == Num.NEG_ZERO ? 0 : mant;
    }

    public int startRow() {
        return startRow;
    }

    public int endRow() {
        return endRow;
    }

    public int groupRow() {
        return groupRow;
    }

    public int typeRow() {
        return typeRow;
    }

    public int modeRow() {
        return modeRow;
    }

    public int cornerRow() {
        return cornerRow;
    }

    public int arrivalRow() {
        return arrivalRow;
    }

    public int requiredRow() {
        return requiredRow;
    }

    public int slackRow() {
        return slackRow;
    }

    public long arrival() {
        return arrival;
    }

    public int arrivalScale() {
        return arrivalScale;
    }

    public long required() {
        return required;
    }

    public int requiredScale() {
        return requiredScale;
    }

    /** The slack (or, for tables, the worst row slack; for metrics, the value) unscaled. */
    public long slack() {
        return slack;
    }

    public int slackScale() {
        return slackScale;
    }

    /** The slack as a double in the report's unit (NaN when absent). */
    public double slackValue() {
        if (slack == Num.INVALID || slack == Num.BLANK) {
            return Double.NaN;
        }
        if (Num.isSentinel(slack)) {
            return Num.toDouble(slack, 0);
        }
        return slack / Num.pow10(slackScale);
    }

    public PathStatus status() {
        return status;
    }

    /** Paths this block holds: 1 for a path or JSON check, the row count of a table, else 0. */
    public int pathCount() {
        return pathCount;
    }
}
