package spheres.figures;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import spheres.engine.sweep.SweepPoint;

/**
 * The dimension sweep: against d (log axis), the fraction of attack starts that led to a verified error (left axis,
 * 0 to 1) and the sampled errors per 1,000 points of both spheres (right axis, scaled to its own largest value: a
 * rate of 0.0066 beside attack successes near 1 would sit on the zero line of a shared axis). A clean d sits at zero on both; the
 * highest clean d is named in the title.
 */
public final class SweepFigure {
    private SweepFigure() {}

    /** The y-axis group of the sampled rate (XChart's group 0 is the left axis). */
    static final int SAMPLED_AXIS = 1;

    public static XYChart chart(List<SweepPoint> points, Integer highestClean) {
        String clean = highestClean == null ? "no d without errors" : "highest d without errors: " + highestClean;
        XYChart chart = Charts.xy(800, 500, "Errors against input dimension (" + clean + ")", "input dimension d",
                "attack success (fraction of starts)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false); // d from 2 to 500: label 2, 5, 20, 50 too, not only 10 and 100
        chart.getStyler().setYAxisMin(0.0);
        Charts.fractionAxis(chart);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS); // inside, it covers one curve or the other
        double[] d = new double[points.size()], sampled = new double[points.size()];
        int attacked = (int) points.stream().filter(p -> p.attackStarts() > 0).count();
        double[] da = new double[attacked], success = new double[attacked];
        for (int i = 0, k = 0; i < points.size(); i++) {
            SweepPoint p = points.get(i);
            d[i] = p.dim();
            // Per 1,000: XChart writes every axis with one decimal pattern, and two decimals of a rate of 0.0067 read 0.
            sampled[i] = 1000 * (p.innerErrors() + p.outerErrors()) / (2.0 * p.samples());
            if (p.attackStarts() == 0) continue;
            da[k] = p.dim();
            success[k++] = (double) p.attackFound() / p.attackStarts();
        }
        XYSeries s = chart.addSeries("sampled errors per 1,000 points of both spheres (right axis)", d, sampled);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setYAxisGroup(SAMPLED_AXIS);
        chart.setYAxisGroupTitle(SAMPLED_AXIS, "sampled errors per 1,000 points");
        chart.getStyler().setYAxisGroupPosition(SAMPLED_AXIS, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        if (attacked > 0) chart.addSeries("attack success (starts that found an error)", da, success).setMarker(SeriesMarkers.SQUARE);
        return chart;
    }
}
