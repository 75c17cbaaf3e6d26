package spheres.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.geometry.PlaneSlice;
import spheres.engine.theory.CapBound;

/** Each figure writer makes a readable PNG of its size from small data. */
class FigureWritersTest {
    @TempDir
    Path dir;

    private BufferedImage read(Path png, int width, int height) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a PNG");
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
        return image;
    }

    @Test
    void sliceFigureShadesWhatTheModelCallsInnerOnePixelPerGridPoint() throws Exception {
        int res = 21;
        double extent = 1.6, step = 2 * extent / (res - 1);
        float[] logits = new float[res * res]; // an ideal model: inner within r = 1.15
        for (int i = 0; i < res; i++)
            for (int j = 0; j < res; j++)
                logits[i * res + j] = (float) (Math.hypot(-extent + j * step, -extent + i * step) - 1.15);
        PlaneSlice s = new PlaneSlice(new double[] {1, 0, 0}, new double[] {0, 1, 0}, extent, res, logits);
        Path png = dir.resolve("slices.png");
        SliceFigure.save(List.of(new SliceFigure.Panel("a", s), new SliceFigure.Panel("b", s)), 1.3, png);
        // Each panel is 60 + res + 20 wide; the picture 40 + res + 50 high plus a legend row of 34.
        BufferedImage image = read(png, 2 * (60 + res + 20), 40 + res + 50 + 34);
        int centre = 40 + res / 2;
        assertEquals(SliceFigure.INNER.getRGB(), image.getRGB(60 + res / 2, centre), "the origin is called inner");
        assertEquals(SliceFigure.OUTER.getRGB(), image.getRGB(60 + 1, 40 + 1), "a corner (r 2.1) is called outer");
        assertEquals(SliceFigure.INNER.getRGB(), image.getRGB(60 + res + 20 + 60 + res / 2, centre), "the second panel too");

        // An adversarial point in the plane is marked with an x at its (u, v); the origin is at pixel (60 + res / 2, centre).
        SliceFigure.save(List.of(new SliceFigure.Panel("c", s, List.<double[]>of(new double[] {0.8, 0}))), 1.3, png);
        image = read(png, 60 + res + 20, 40 + res + 50 + 34);
        int x = 60 + res / 2 + (int) Math.round(0.8 * (res - 1) / (2 * extent));
        assertEquals(SliceFigure.MARK.getRGB(), image.getRGB(x, centre), "the x's centre");
    }

    @Test
    void quadraticFigures() throws Exception {
        Path alphas = dir.resolve("alphas.png"), losses = dir.resolve("losses.png"), fractions = dir.resolve("fractions.png");
        QuadraticFigures.alphaHistogram(new double[] {0.2, 0.5, 0.6, 0.9, 1.4}, 1.3, 10, alphas);
        read(alphas, 800, 500);
        QuadraticFigures.losses(new double[] {0, 10, 100}, new double[] {0.7, 0.3, 0.1}, new double[] {0.7, 0.35, 0.12},
                new double[] {0.8, 2, 5}, losses);
        read(losses, 800, 500);
        double nan = Double.NaN; // a target out of reach at small d: no point there
        QuadraticFigures.fractions("inner", new double[] {0.01}, new double[] {10, 100, 1000}, new double[][] {{nan, 0.9, 0.7}},
                new double[][] {{0.95, 0.85, 0.7}}, fractions);
        read(fractions, 800, 500);
    }

    @Test
    void boundFigure() throws Exception {
        List<CapBound.Point> curve = new ArrayList<>();
        CapBound bound = new CapBound(100);
        for (double mu : new double[] {0.5, 1e-2, 1e-5, 1e-10}) curve.add(bound.point(mu));
        var chart = BoundFigure.plane("t");
        BoundFigure.addCurves(chart, curve, 0);
        Path png = dir.resolve("bound.png");
        Charts.save(chart, png);
        read(png, 900, 600);
        assertEquals(2, chart.getSeriesMap().size(), "the exact curve and its Gaussian approximation");
    }

    @Test
    void normsFigureDrawsUnmeasuredPointsAsZero() throws Exception {
        var chart = NormsFigure.chart(new double[] {0, 1, 2}, new double[] {1, 0.5, Double.NaN}, new double[] {0, 0.5, 1}, 1.15);
        assertEquals(0.0, chart.getSeriesMap().get("random directions classified ideally").getYData()[2]);
        Path png = dir.resolve("norms.png");
        Charts.save(chart, png);
        read(png, 800, 560);
    }
}
