package spheres.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import spheres.engine.theory.CapBound;
import spheres.engine.tradeoff.TradeoffPoint;

/**
 * The paper's trade-off figure: the optimal curve at the models' dimension and, per model, one marker per measured
 * checkpoint at (mu(E), d(E)) with the standard error of d(E) as a bar. Points whose mu could not be placed (too few
 * errors, no exact value) or whose d(E) was not measured are left out, never drawn at zero.
 */
public final class TradeoffFigure {
    private TradeoffFigure() {}

    public static XYChart chart(int dim, List<TradeoffPoint> points, String note) {
        // The curve spans the placed points: mu from 0.5 (or above, early in training) down past the smallest.
        double muMin = 1e-6, muMax = 0.5;
        for (TradeoffPoint p : points) {
            if (p.placedMu() == null) continue;
            muMin = Math.min(muMin, p.placedMu() / 3);
            muMax = Math.max(muMax, Math.min(0.999, p.placedMu()));
        }
        CapBound bound = new CapBound(dim);
        List<CapBound.Point> curve = new ArrayList<>();
        for (double mu : CapBound.muGrid(muMax, Math.max(1e-300, muMin), 8)) curve.add(bound.point(mu));
        XYChart chart = BoundFigure.plane("Error rate against distance to the nearest error, d = " + dim + note);
        BoundFigure.addCurves(chart, curve, 0);

        Map<String, List<TradeoffPoint>> byModel = new LinkedHashMap<>();
        for (TradeoffPoint p : points)
            if (p.placedMu() != null && p.distance() != null)
                byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p);
        int colour = 1;
        for (Map.Entry<String, List<TradeoffPoint>> e : byModel.entrySet()) {
            List<TradeoffPoint> ps = e.getValue();
            double[] x = new double[ps.size()], y = new double[ps.size()], err = new double[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                x[i] = BoundFigure.x(ps.get(i).placedMu());
                y[i] = ps.get(i).distance();
                err[i] = ps.get(i).distanceStderr() == null ? 0 : ps.get(i).distanceStderr();
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y, err);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Charts.SERIES[colour++ % Charts.SERIES.length]);
        }
        return chart;
    }
}
