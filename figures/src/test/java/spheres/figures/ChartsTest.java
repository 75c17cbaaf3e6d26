package spheres.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ChartsTest {
    @Test
    void writesAPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        XYChart chart = Charts.xy(320, 240, "t", "x", "y");
        chart.addSeries("line", new double[] {0, 1, 2}, new double[] {1, 0, 1});
        Path png = dir.resolve("c.png");
        Charts.save(chart, png);
        BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(320, read.getWidth());
        assertEquals(240, read.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
