package spheres.figures;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Accuracy against the input norm: at each norm, the fraction of random directions the model classifies as the ideal
 * boundary would, and the fraction of attack starts that find an error, with the ideal boundary marked.
 */
public final class NormsFigure {
    private NormsFigure() {}

    /** {@code ideal[i]} and {@code success[i]} at {@code norms[i]}; NaN where a point was not measured (drawn as 0). */
    public static XYChart chart(double[] norms, double[] ideal, double[] success, double boundary) {
        XYChart chart = Charts.xy(800, 560, "Accuracy against the input norm", "norm ||x||", "fraction");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // the curves fill both the top and the bottom
        chart.getStyler().setYAxisMin(-0.02).setYAxisMax(1.02);
        Charts.fractionAxis(chart);
        chart.addSeries("random directions classified ideally", norms, zeroForNaN(ideal));
        chart.addSeries("attack finds an error", norms, zeroForNaN(success));
        chart.addSeries("ideal boundary " + Charts.number(boundary), new double[] {boundary, boundary}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static double[] zeroForNaN(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) if (Double.isNaN(out[i])) out[i] = 0;
        return out;
    }
}
