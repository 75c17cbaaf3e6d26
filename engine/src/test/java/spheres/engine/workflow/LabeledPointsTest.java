package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npz;
import spheres.engine.io.SafeTensors;
import spheres.engine.nn.ModelKind;

class LabeledPointsTest {
    @TempDir
    Path dir;

    private static final float[] X = {1, 0, 0, 1.3f, -1, 0};

    private Path safetensors(HostArray x, HostArray y) throws Exception {
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("x", x);
        t.put("y", y);
        Path f = dir.resolve("d.safetensors");
        new SafeTensors(t, Map.of()).write(f);
        return f;
    }

    @Test
    void readsSafetensorsAndNpzWithAnyLabelType() throws Exception {
        LabeledPoints a = LabeledPoints.read(safetensors(HostArray.of(X, 3, 2), HostArray.of(new long[] {0, 1, 0}, 3)));
        assertEquals(3, a.n());
        assertEquals(2, a.dim());
        assertArrayEquals(X, a.x());
        assertArrayEquals(new float[] {0, 1, 0}, a.y());

        Map<String, HostArray> arrays = new LinkedHashMap<>();
        arrays.put("x", HostArray.of(X, 3, 2));
        arrays.put("y", HostArray.of(new boolean[] {false, true, false}, 3, 1));
        Path npz = dir.resolve("d.npz");
        new Npz(arrays).write(npz);
        LabeledPoints b = LabeledPoints.read(npz);
        assertArrayEquals(a.y(), b.y());
        assertEquals(a.checksum(), b.checksum());
    }

    @Test
    void badFilesAreRefusedNamingTheProblem() throws Exception {
        String m = assertThrows(Exception.class, () -> LabeledPoints.read(safetensors(HostArray.of(X, 3, 2), HostArray.of(new float[] {0, 2, 0}, 3)))).getMessage();
        assertTrue(m.contains("y[1] is 2.0") && m.contains("0 (inner) or 1 (outer)"), m);
        m = assertThrows(Exception.class, () -> LabeledPoints.read(safetensors(HostArray.of(X, 3, 2), HostArray.of(new float[] {0, 1}, 2)))).getMessage();
        assertTrue(m.contains("y has shape [2]") && m.contains("expected [3]"), m);
        m = assertThrows(Exception.class, () -> LabeledPoints.read(safetensors(HostArray.of(X, 6), HostArray.of(new float[] {0}, 1)))).getMessage();
        assertTrue(m.contains("x has shape [6]"), m);
        Path csv = Files.writeString(dir.resolve("d.csv"), "1,2\n");
        m = assertThrows(IllegalArgumentException.class, () -> LabeledPoints.read(csv)).getMessage();
        assertTrue(m.contains("accepted: a .safetensors or .npz"), m);
        float[] bad = X.clone();
        bad[3] = Float.NaN;
        m = assertThrows(Exception.class, () -> LabeledPoints.read(safetensors(HostArray.of(bad, 3, 2), HostArray.of(new float[] {0, 1, 0}, 3)))).getMessage();
        assertTrue(m.contains("x[1][1] is NaN"), m);
    }

    /** A file holding exactly the sampled training set trains to the same bits as the sampled run. */
    @Test
    void trainingOnAFileOfTheSampledSetEqualsTheSampledRun() {
        TrainConfig config = new TrainConfig(ModelKind.RELU, 6, 1.3f, 16, 1, true, 8, 10, 1e-3f, 0, 37, true, 11);
        try (Backend be = new CpuBackend(2)) {
            Tensor x = be.allocate(37, 6), y = be.allocate(37, 1);
            be.sampleSpheres(config.seed(), Streams.TRAIN_SET, 0, 1f, config.radius(), 0.5, x, y);
            LabeledPoints file = new LabeledPoints(be.download(x), be.download(y), 37, 6, "memory");
            float[][] sampled = train(be, config, null), fromFile = train(be, config, file);
            for (int i = 0; i < sampled.length; i++) assertArrayEquals(sampled[i], fromFile[i], "parameter " + i);
            // and the file is really what is read: other labels give other weights
            float[] flipped = file.y().clone();
            for (int i = 0; i < flipped.length; i++) flipped[i] = 1 - flipped[i];
            float[][] other = train(be, config, new LabeledPoints(file.x(), flipped, 37, 6, "flipped"));
            assertTrue(!java.util.Arrays.equals(sampled[0], other[0]));
        }
    }

    private static float[][] train(Backend be, TrainConfig config, LabeledPoints data) {
        try (Trainer t = new Trainer(be, config, data)) {
            for (int i = 0; i < 9; i++) t.step(); // 90 positions: crosses two epochs of 37
            return t.model().parameters().stream().map(p -> be.download(p.value)).toArray(float[][]::new);
        }
    }

    @Test
    void aFileOfTheWrongSizeIsRefused() {
        TrainConfig config = new TrainConfig(ModelKind.RELU, 6, 1.3f, 16, 1, true, 8, 10, 1e-3f, 0, 5, true, 11);
        LabeledPoints file = new LabeledPoints(new float[4 * 6], new float[4], 4, 6, "f.npz");
        try (Backend be = new CpuBackend(1)) {
            String m = assertThrows(IllegalArgumentException.class, () -> new Trainer(be, config, file)).getMessage();
            assertTrue(m.contains("f.npz: holds 4 points of dimension 6; the run expects 5 of dimension 6"), m);
        }
    }
}
