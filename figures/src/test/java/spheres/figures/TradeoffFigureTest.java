package spheres.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import spheres.engine.tradeoff.TradeoffPoint;

class TradeoffFigureTest {
    private static TradeoffPoint point(String model, long errors, Double exact, Double d) {
        return new TradeoffPoint(model, 0, 10, errors, 100_000, errors / 1e5, 0, 1, errors >= 10, exact, d == null ? null : 100,
                d == null ? null : 90, d, d == null ? null : 0.01);
    }

    @Test
    void drawsOnlyPointsWithAPlacedMuAndAMeasuredDistance(@TempDir Path dir) throws Exception {
        List<TradeoffPoint> pts = List.of(
                point("relu-bn", 500, null, 0.2),     // drawn
                point("relu-bn", 3, null, 0.3),       // too few errors: not placed
                point("relu", 800, null, null),       // no d(E): not drawn
                point("quadratic", 0, 1e-9, 0.6),     // no sampled error, but the exact mu places it
                point("quadratic", 0, 0.0, 0.6));     // exact mu 0: nothing to place on a log axis
        XYChart chart = TradeoffFigure.chart(50, pts, "");
        var series = chart.getSeriesMap();
        assertEquals(List.of("optimal (cap), d = 50", "Gaussian approximation, d = 50", "relu-bn", "quadratic"), List.copyOf(series.keySet()));
        XYSeries q = series.get("quadratic");
        assertEquals(1, q.getXData().length);
        assertEquals(-9, q.getXData()[0], 1e-12, "x is log10 of the exact mu");
        assertEquals(-9 - Math.log10(3), series.get("optimal (cap), d = 50").getXData()[series.get("optimal (cap), d = 50").getXData().length - 1],
                1e-9, "the curve reaches below the smallest point");
        Path png = dir.resolve("t.png");
        Charts.save(chart, png);
        assertTrue(Files.size(png) > 1000);
    }
}
