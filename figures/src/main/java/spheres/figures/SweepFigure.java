package spheres.figures;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import spheres.engine.sweep.SweepPoint;

/**
 * The dimension sweep: against d (log axis), the sampled error rate over both spheres and the fraction of attack
 * starts that led to a verified error. Both are fractions in [0, 1] on one linear axis, so a clean d sits at zero on
 * both curves; the highest clean d is named in the title.
 */
public final class SweepFigure {
    private SweepFigure() {}

    public static XYChart chart(List<SweepPoint> points, Integer highestClean) {
        String clean = highestClean == null ? "no d without errors" : "highest d without errors: " + highestClean;
        XYChart chart = Charts.xy(800, 500, "Errors against input dimension (" + clean + ")", "input dimension d",
                "fraction");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false); // d from 2 to 500: label 2, 5, 20, 50 too, not only 10 and 100
        chart.getStyler().setYAxisMin(0.0);
        Charts.fractionAxis(chart);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double[] d = new double[points.size()], sampled = new double[points.size()];
        int attacked = (int) points.stream().filter(p -> p.attackStarts() > 0).count();
        double[] da = new double[attacked], success = new double[attacked];
        for (int i = 0, k = 0; i < points.size(); i++) {
            SweepPoint p = points.get(i);
            d[i] = p.dim();
            sampled[i] = (p.innerErrors() + p.outerErrors()) / (2.0 * p.samples());
            if (p.attackStarts() == 0) continue;
            da[k] = p.dim();
            success[k++] = (double) p.attackFound() / p.attackStarts();
        }
        XYSeries s = chart.addSeries("sampled error rate (both spheres)", d, sampled);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (attacked > 0) chart.addSeries("attack success (starts that found an error)", da, success).setMarker(SeriesMarkers.SQUARE);
        return chart;
    }
}
