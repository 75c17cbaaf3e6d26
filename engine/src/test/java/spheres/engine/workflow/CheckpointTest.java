package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.FormatException;
import spheres.engine.io.SafeTensors;
import spheres.engine.nn.ModelKind;

class CheckpointTest {
    @TempDir
    Path dir;

    private static TrainConfig config(String model, long trainSize) {
        return new TrainConfig(ModelKind.parse(model), 12, 1.3f, 24, 2, true, 16, 10, 1e-3f, 0, trainSize, true, 3);
    }

    private static List<float[]> weights(Backend be, Trainer t) {
        return t.model().parameters().stream().map(p -> be.download(p.value)).toList();
    }

    @Test
    void reluNetUsesPyTorchNamesAndShapes() throws Exception {
        try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config("relu", 0))) {
            t.step();
            Path f = dir.resolve("model.safetensors");
            Checkpoint.saveModel(f, t.model(), t.config());
            SafeTensors st = SafeTensors.read(f);
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
                    "3.weight", "3.bias", "4.weight", "4.bias", "4.running_mean", "4.running_var", "4.num_batches_tracked",
                    "6.weight", "6.bias"), List.copyOf(st.tensors().keySet()));
            assertArrayEquals(new long[] {24, 12}, st.tensor("0.weight").shape());
            assertArrayEquals(new long[] {24}, st.tensor("1.running_var").shape());
            assertArrayEquals(new long[] {1, 24}, st.tensor("6.weight").shape());
            assertArrayEquals(new long[] {1}, st.tensor("6.bias").shape());
            assertEquals(1L, st.tensor("1.num_batches_tracked").longs()[0]);
            assertEquals(t.config().spec(), Checkpoint.spec(f));
            // The model's own fields only: how it was trained is the run's (config.json, the optimizer file).
            assertEquals(Set.of("format", "model", "dim", "radius", "width", "depth", "batch_norm"), st.metadata().keySet());
        }
    }

    @Test
    void quadraticNetNames() throws Exception {
        try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config("quadratic", 0))) {
            Path f = dir.resolve("q.safetensors");
            Checkpoint.saveModel(f, t.model(), t.config());
            SafeTensors st = SafeTensors.read(f);
            assertEquals(List.of("hidden.weight", "scale", "bias"), List.copyOf(st.tensors().keySet()));
            assertArrayEquals(new long[] {16, 12}, st.tensor("hidden.weight").shape());
            assertArrayEquals(new long[] {1}, st.tensor("scale").shape());
            assertEquals(Set.of("format", "model", "dim", "radius", "hidden"), st.metadata().keySet());
            assertEquals(t.config().spec(), Checkpoint.spec(f));
            assertEquals(0, Checkpoint.spec(f).width(), "no ReLU fields for a quadratic net");
        }
    }

    /** On one thread: at these sizes more threads run the same code (thread counts: TrainingRunTest, SplitWorkDeterminismTest). */
    @Test
    void resumeEqualsAnUninterruptedRunBitForBit() throws Exception {
        for (long trainSize : new long[] {0, 35}) {
            List<float[]> straight;
            try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config("relu", trainSize))) {
                for (int i = 0; i < 9; i++) t.step();
                straight = weights(be, t);
            }
            Path m = dir.resolve("m.safetensors"), o = dir.resolve("o.safetensors");
            try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config("relu", trainSize))) {
                for (int i = 0; i < 4; i++) t.step();
                Checkpoint.saveModel(m, t.model(), t.config());
                Checkpoint.saveOptimizer(o, t, Checkpoint.fileChecksum(m));
            }
            try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, Checkpoint.config(o))) {
                Checkpoint.loadModel(m, t.model(), t.config().model());
                Checkpoint.loadOptimizer(o, t);
                assertEquals(4, t.steps());
                for (int i = 0; i < 5; i++) t.step();
                List<float[]> resumed = weights(be, t);
                for (int i = 0; i < straight.size(); i++) assertArrayEquals(straight.get(i), resumed.get(i), "tensor " + i + ", train size " + trainSize);
            }
        }
    }

    @Test
    void aMismatchedCheckpointIsRefusedNamingTheTensor() throws Exception {
        Path f = dir.resolve("model.safetensors");
        try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config("relu", 0))) {
            Checkpoint.saveModel(f, t.model(), t.config());
        }
        TrainConfig wider = new TrainConfig(ModelKind.RELU, 12, 1.3f, 32, 2, true, 16, 10, 1e-3f, 0, 0, true, 3);
        try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, wider)) {
            FormatException e = assertThrows(FormatException.class, () -> Checkpoint.loadModel(f, t.model(), t.config().model()));
            assertTrue(e.getMessage().contains("0.weight") && e.getMessage().contains("[24, 12]"), e.getMessage());
        }
        Files.write(f, new byte[] {1, 2, 3});
        assertThrows(FormatException.class, () -> Checkpoint.spec(f));
    }
}
