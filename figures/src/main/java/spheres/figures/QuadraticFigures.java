package spheres.figures;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The quadratic net's figures: the histogram of alphas, the losses of a training run, the fractions of alphas needed. */
public final class QuadraticFigures {
    private QuadraticFigures() {}

    /** Histogram of the alphas, with the range {@code [1/R^2, 1]} of a perfect net shaded. */
    public static void alphaHistogram(double[] alphas, double radius, int bins, Path file) throws IOException {
        double lo = 1 / (radius * radius), min = lo, max = 1;
        for (double a : alphas) {
            min = Math.min(min, a);
            max = Math.max(max, a);
        }
        double pad = 0.02 * (max - min), from = min - pad, width = (max - min + 2 * pad) / bins;
        double[] counts = new double[bins];
        for (double a : alphas) counts[Math.min(bins - 1, (int) ((a - from) / width))]++;
        double top = 0;
        for (double c : counts) top = Math.max(top, c);
        // Bars as a step curve over the bin edges (XChart has no histogram on XY axes).
        double[] x = new double[2 * bins], y = new double[2 * bins];
        for (int i = 0; i < bins; i++) {
            x[2 * i] = from + i * width;
            x[2 * i + 1] = from + (i + 1) * width;
            y[2 * i] = y[2 * i + 1] = counts[i];
        }
        int out = 0;
        for (double a : alphas) if (a < lo || a > 1) out++;
        XYChart chart = Charts.xy(800, 500, "Alphas of the quadratic net: " + out + " of " + alphas.length + " outside [1/R^2, 1]",
                "alpha", "count");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS); // inside, it covered the range
        XYSeries range = chart.addSeries("[1/R^2, 1] (perfect net)", new double[] {lo, lo, 1, 1}, new double[] {0, 1.05 * top, 1.05 * top, 0});
        range.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        range.setFillColor(new Color(0xd6, 0x27, 0x28, 0x30));
        range.setLineColor(Charts.SERIES[1]);
        range.setMarker(SeriesMarkers.NONE);
        XYSeries bars = chart.addSeries("alphas", x, y);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        bars.setFillColor(new Color(0x1f, 0x77, 0xb4, 0x90));
        bars.setLineColor(Charts.SERIES[0]);
        bars.setMarker(SeriesMarkers.NONE);
        Charts.save(chart, file);
    }

    /** Mean training and test loss against the exact worst-case loss, over training steps (log scale). */
    public static void losses(double[] steps, double[] train, double[] test, double[] worst, Path file) throws IOException {
        XYChart chart = Charts.xy(800, 500, "Quadratic net: average losses against the worst case", "step", "loss (sigmoid cross-entropy)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false); // losses from 0.3 to 8 span one decade: label between them too
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        line(chart, "mean training loss", steps, train, SeriesLines.SOLID);
        line(chart, "mean test loss", steps, test, SeriesLines.DASH_DASH);
        line(chart, "worst-case loss (exact)", steps, worst, SeriesLines.SOLID);
        Charts.save(chart, file);
    }

    /** One panel of the fractions: per target, the CLT curve (solid) and the exact one (dashed), against d. */
    public static void fractions(String sphere, double[] targets, double[] dims, double[][] clt, double[][] exact, Path file) throws IOException {
        XYChart chart = Charts.xy(800, 500, "Alphas that must be in range, " + sphere + " sphere", "dimension d", "smallest fraction in range");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        Charts.fractionAxis(chart);
        for (int t = 0; t < targets.length; t++) {
            Color color = Charts.SERIES[t % Charts.SERIES.length];
            XYSeries a = line(chart, "CLT, rate " + Charts.number(targets[t]), dims, clt[t], SeriesLines.SOLID);
            if (a != null) a.setLineColor(color);
            XYSeries b = line(chart, "exact, rate " + Charts.number(targets[t]), dims, exact[t], SeriesLines.DASH_DASH);
            if (b != null) b.setLineColor(color);
        }
        Charts.save(chart, file);
    }

    /** A line through the finite points only (a target out of reach at small d has none there); null if none. */
    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, java.awt.BasicStroke style) {
        boolean log = chart.getStyler().isYAxisLogarithmic();
        int n = 0;
        double[] xs = new double[x.length], ys = new double[x.length];
        for (int i = 0; i < x.length; i++)
            if (Double.isFinite(y[i]) && (!log || y[i] > 0)) {
                xs[n] = x[i];
                ys[n++] = y[i];
            }
        if (n == 0) return null;
        XYSeries s = chart.addSeries(name, java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n));
        s.setLineStyle(style);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }
}
