package spheres.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import spheres.engine.sweep.SweepPoint;

class SweepFigureTest {
    private static SweepPoint point(int dim, long inner, long outer, int starts, int found) {
        return new SweepPoint(dim, 10, 1000, inner, inner / 1000.0, 0, 1, outer, outer / 1000.0, 0, 1, starts, found, found == 0 ? null : 0.3);
    }

    @Test
    void plotsBothFractionsAgainstDAndWritesAPng(@TempDir Path dir) throws Exception {
        XYChart chart = SweepFigure.chart(List.of(point(2, 0, 0, 10, 0), point(50, 20, 60, 10, 4), point(500, 300, 500, 10, 10)), 2);
        var series = chart.getSeriesMap();
        assertEquals(2, series.size());
        var sampled = series.values().iterator().next();
        assertArrayEquals(new double[] {2, 50, 500}, sampled.getXData().clone());
        assertArrayEquals(new double[] {0, 40, 400}, sampled.getYData().clone(), 1e-9, "errors of both spheres per 1,000 of 2n samples");
        assertEquals(SweepFigure.SAMPLED_AXIS, sampled.getYAxisGroup(), "the rate on its own axis, scaled to it");
        assertEquals(org.knowm.xchart.style.Styler.YAxisPosition.Right, chart.getStyler().getYAxisGroupPosistion(SweepFigure.SAMPLED_AXIS));
        var attack = series.values().stream().skip(1).findFirst().orElseThrow();
        assertArrayEquals(new double[] {0, 0.4, 1}, attack.getYData().clone(), 1e-12);
        assertEquals(0, attack.getYAxisGroup());
        assertTrue(chart.getTitle().contains("highest d without errors: 2"), chart.getTitle());

        Path png = dir.resolve("s.png");
        Charts.save(chart, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void withoutAnAttackOnlyTheSampledRateIsDrawn() {
        XYChart chart = SweepFigure.chart(List.of(point(2, 0, 0, 0, 0), point(5, 1, 0, 0, 0)), null);
        assertEquals(1, chart.getSeriesMap().size());
        assertTrue(chart.getTitle().contains("no d without errors"), chart.getTitle());
    }
}
