package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;

class SlicesCommandTest {
    @TempDir
    Path dir;

    private Path train(String name, int dim) {
        Path out = dir.resolve(name);
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "train", "--dim", "" + dim, "--width", "8", "--steps", "20", "--threads", "1", "--out", out.toString()), err.toString());
        return out;
    }

    @Test
    void threePanelsWithAdversarialPoints() throws Exception {
        Path run = train("run", 5), adv = dir.resolve("adv.npy");
        Npy.write(adv, HostArray.of(new float[] {1, 0, 0, 0, 0, 0, 0.6f, 0.8f, 0, 0}, 2, 5));
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "slices", run.toString(), "--adversarial", adv.toString(), "--resolution", "24"), err.toString());
        for (String p : new String[] {"random", "random-adversarial", "adversarial"}) {
            assertArrayEquals(new long[] {24, 24}, Npy.read(run.resolve("slices/" + p + ".npy")).shape(), p);
            assertArrayEquals(new long[] {2, 5}, Npy.read(run.resolve("slices/" + p + ".basis.npy")).shape(), p);
        }
        JsonNode json = spheres.engine.experiment.Json.MAPPER.readTree(run.resolve("slices/slices.json").toFile());
        assertEquals(3, json.path("panels").size());
        BufferedImage png = ImageIO.read(run.resolve("figures/slices.png").toFile());
        assertTrue(png.getWidth() > 3 * 24 && png.getHeight() > 24, png.getWidth() + " x " + png.getHeight());
        // Where the points fall in each plane is recorded: none in the random one, the first at distance 1 along e2 of
        // the second panel, both at (1, 0) and (0, 1) in the third (e1 is the first point, the second is orthogonal to it).
        JsonNode panels = json.path("panels");
        assertEquals(0, panels.get(0).path("adversarial_in_plane").size(), panels.get(0).toString());
        JsonNode second = panels.get(1).path("adversarial_in_plane");
        assertEquals(1, second.size(), second.toString());
        assertEquals(1, Math.hypot(second.get(0).get(0).asDouble(), second.get(0).get(1).asDouble()), 1e-6);
        JsonNode third = panels.get(2).path("adversarial_in_plane");
        assertEquals(2, third.size(), third.toString());
        double[][] want = {{1, 0}, {0, 1}};
        for (int k = 0; k < 2; k++)
            for (int a = 0; a < 2; a++) assertEquals(want[k][a], third.get(k).get(a).asDouble(), 1e-6, third.toString());
        // So the figure needs nothing outside the run: with the points' file gone, a redraw gives the same bytes.
        byte[] drawn = Files.readAllBytes(run.resolve("figures/slices.png"));
        Files.delete(adv);
        assertEquals(0, CliRun.run(err, null, "plot", run.toString(), "--only", "slices"), err.toString());
        assertArrayEquals(drawn, Files.readAllBytes(run.resolve("figures/slices.png")));

        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "slices", run.toString(), "--resolution", "24"));
        assertTrue(err.toString().contains("pass --force"), err.toString());
        err.setLength(0);
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, HostArray.of(new float[6], 2, 3));
        assertEquals(3, CliRun.run(err, null, "slices", run.toString(), "--adversarial", wrong.toString(), "--force"));
        assertTrue(err.toString().contains("has shape [2, 3]; expected [?, 5]"), err.toString());
    }

    @Test
    void inTwoDimensionsTheOnePanelIsTheInputPlane() throws Exception {
        Path run = train("d2", 2);
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "slices", run.toString(), "--resolution", "16"), err.toString());
        JsonNode json = spheres.engine.experiment.Json.MAPPER.readTree(run.resolve("slices/slices.json").toFile());
        assertEquals(1, json.path("panels").size());
        assertArrayEquals(new double[] {1, 0, 0, 1}, Npy.read(run.resolve("slices/plane.basis.npy")).doubles());
    }
}
