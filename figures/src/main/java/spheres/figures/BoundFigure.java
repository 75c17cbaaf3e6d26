package spheres.figures;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import spheres.engine.theory.CapBound;

/**
 * The error-rate / distance plane of the paper's trade-off figure: x = mu(E) on a log axis, y = d(E). The optimal
 * curve (a cap) is drawn solid, its Gaussian approximation dashed in the same colour; {@code tradeoff} adds the
 * measured models as points on top.
 */
public final class BoundFigure {
    private BoundFigure() {}

    /**
     * An empty chart of the plane. The x axis is linear in log10(mu), labelled as powers of ten: XChart's own log axis
     * draws a tick at every 1..9 multiple of every decade, unreadable over the 30 decades of the default grid.
     * Series are added with {@link #x} applied to mu.
     */
    public static XYChart plane(String title) {
        XYChart chart = Charts.xy(900, 600, title, "error measure mu(E) on the inner sphere (log scale)", "mean distance to the nearest error d(E)");
        chart.setCustomXAxisTickLabelsFormatter(v -> Math.abs(v - Math.rint(v)) > 1e-9 ? "" : v == 0 ? "1" : "1e" + Math.round(v));
        return chart;
    }

    /** The x coordinate of an error measure. */
    public static double x(double mu) {
        return Math.log10(mu);
    }

    /** Adds one dimension's optimal curve (solid) and its Gaussian approximation (dashed), in colour {@code index}. */
    public static void addCurves(XYChart chart, List<CapBound.Point> curve, int index) {
        int n = curve.size(), d = curve.get(0).dim();
        double[] xs = new double[n], exact = new double[n], gauss = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x(curve.get(i).mu());
            exact[i] = curve.get(i).exact();
            gauss[i] = curve.get(i).gaussian();
        }
        java.awt.Color color = Charts.SERIES[index % Charts.SERIES.length];
        XYSeries s = chart.addSeries("optimal (cap), d = " + d, xs, exact);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        XYSeries g = chart.addSeries("Gaussian approximation, d = " + d, xs, gauss);
        g.setMarker(SeriesMarkers.NONE);
        g.setLineColor(color);
        g.setLineStyle(SeriesLines.DASH_DASH);
    }
}
