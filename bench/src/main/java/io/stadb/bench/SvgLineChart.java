package io.stadb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart (no library: the bench module has no plotting dependency and the machine has
 * no gnuplot): one panel of several series over a log-scale x axis, y linear from 0 or log. Panels are
 * placed on a grid by {@link #page}.
 */
final class SvgLineChart {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    static final int W = 480;
    static final int H = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 48;

    record Series(String name, double[] x, double[] y) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    SvgLineChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    SvgLineChart add(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y));
        return this;
    }

    /** The panels on a grid of {@code columns}, as one SVG document. */
    static String page(List<SvgLineChart> panels, int columns) {
        int rows = (panels.size() + columns - 1) / columns;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
            columns * W, rows * H));
        for (int i = 0; i < panels.size(); i++) {
            sb.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\">%n", (i % columns) * W, (i / columns) * H));
            panels.get(i).draw(sb);
            sb.append("</g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    private double[] range(boolean x) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double v : x ? s.x : s.y) {
                if (v > 0 || !x && !logY) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (x || logY) { // whole decades
            return new double[] {Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))};
        }
        return new double[] {0, niceCeil(hi)};
    }

    /** The next 1, 2 or 5 times a power of ten at or above {@code v}. */
    static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private void draw(StringBuilder sb) {
        double[] xr = range(true);
        double[] yr = range(false);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + pw * (Math.log10(v) - Math.log10(xr[0]))
            / (Math.log10(xr[1]) - Math.log10(xr[0]));
        java.util.function.DoubleUnaryOperator py = v -> TOP + ph - ph * (logY
            ? (Math.log10(Math.max(v, yr[0])) - Math.log10(yr[0])) / (Math.log10(yr[1]) - Math.log10(yr[0]))
            : (v - yr[0]) / (yr[1] - yr[0]));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"13\" font-weight=\"bold\">%s</text>%n", LEFT, esc(title)));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
            LEFT, TOP, pw, ph));
        for (double d = xr[0]; d <= xr[1] * 1.0001; d *= 10) {
            for (int m = 1; m < 10 && d * m <= xr[1] * 1.0001; m++) {
                double x = px.applyAsDouble(d * m);
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, TOP, x, TOP + ph, m == 1 ? "#ccc" : "#eee"));
                if (m == 1) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        x, TOP + ph + 14, count(d)));
                }
            }
        }
        List<Double> yTicks = new ArrayList<>();
        if (logY) {
            for (double d = yr[0]; d <= yr[1] * 1.0001; d *= 10) {
                yTicks.add(d);
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                yTicks.add(yr[1] * i / 5);
            }
        }
        for (double t : yTicks) {
            double y = py.applyAsDouble(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + pw, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 4, y + 4, num(t)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + pw / 2, H - 14, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
            TOP + ph / 2, esc(yLabel)));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String c = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < s.x.length; k++) {
                double x = px.applyAsDouble(s.x[k]);
                double y = py.applyAsDouble(s.y[k]);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s at %s</title></circle>%n",
                    x, y, c, esc(s.name), num(s.y[k]), count(s.x[k])));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", pts.toString().trim(), c));
            int ly = TOP + 12 + 14 * i;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + 8, ly - 4, LEFT + 24, ly - 4, c, LEFT + 28, ly, esc(s.name)));
        }
    }

    static String count(double v) {
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        return v >= 1e3 ? trim(v / 1e3) + "K" : trim(v);
    }

    static String num(double v) {
        return v != 0 && Math.abs(v) < 0.01 ? String.format(Locale.ROOT, "%.1g", v) : trim(v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
