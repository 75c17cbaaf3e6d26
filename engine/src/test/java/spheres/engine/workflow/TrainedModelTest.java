package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.nn.ModelKind;

class TrainedModelTest {
    @TempDir
    Path dir;

    @Test
    void loadsARunFolderAndComputesLogitsInChunksAsInOnePass() throws Exception {
        String msg;
        TrainConfig config = new TrainConfig(ModelKind.RELU, 7, 1.3f, 12, 2, true, 8, 10, 1e-3f, 0, 0, true, 3);
        try (Backend be = new CpuBackend(2); Trainer t = new Trainer(be, config)) {
            for (int i = 0; i < 5; i++) t.step();
            Checkpoint.saveModel(dir.resolve(TrainedModel.MODEL_FILE), t.model(), config);
            TrainedModel m = TrainedModel.load(be, dir);
            int n = 23;
            Tensor x = be.allocate(n, 7);
            be.sampleSpheres(9, 0, 0, 1f, 1.3f, 0.5, x, null);
            float[] whole = be.download(t.model().forward(x, false)), chunked = new float[n];
            m.logits(be, be.download(x), n, 5, chunked); // 5 + 5 + 5 + 5 + 3
            assertArrayEquals(whole, chunked);
            Path points = dir.resolve("x.npy");
            Npy.write(points, HostArray.of(be.download(x), n, 7));
            HostArray fromFile = m.logits(be, points, 4);
            assertArrayEquals(new long[] {n}, fromFile.shape());
            assertArrayEquals(whole, fromFile.floats());
            msg = assertThrows(IllegalArgumentException.class, () -> m.logits(be, points, 0)).getMessage();
            assertTrue(msg.equals("--chunk 0: must be >= 1"), msg);
        }
        msg = assertThrows(IllegalArgumentException.class, () -> TrainedModel.file(dir.resolve("none"))).getMessage();
        assertTrue(msg.endsWith("none: no model.safetensors there"), msg);
    }
}
