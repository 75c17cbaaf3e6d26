package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.FormatException;
import spheres.engine.io.HostArray;
import spheres.engine.io.SafeTensors;

/** A checkpoint whose weights hold NaN or Inf (with valid checksums: written so) is refused in one line on loading. */
class NonFiniteWeightsTest {
    @TempDir
    Path dir;

    @Test
    void nanAndInfWeightsAreRefusedNamingTheTensor() throws Exception {
        TrainConfig config = new TrainConfig(spheres.engine.nn.ModelKind.RELU, 12, 1.3f, 24, 2, true, 16, 10, 1e-3f, 0, 0, true, 3);
        try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config)) {
            t.step();
            Path f = dir.resolve("model.safetensors");
            Checkpoint.saveModel(f, t.model(), config);
            Checkpoint.loadModel(f, t.model(), config.model()); // finite: loads
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                SafeTensors st = SafeTensors.read(f);
                Map<String, HostArray> tensors = new LinkedHashMap<>(st.tensors());
                float[] w = tensors.get("3.weight").floats().clone();
                w[37] = bad;
                tensors.put("3.weight", HostArray.of(w, tensors.get("3.weight").shape()));
                Path broken = dir.resolve("broken.safetensors");
                new SafeTensors(tensors, st.metadata()).write(broken);
                FormatException e = assertThrows(FormatException.class, () -> Checkpoint.loadModel(broken, t.model(), config.model()));
                assertEquals(broken + ": tensor '3.weight' holds " + bad + " at index 37; a model with non-finite weights gives no usable"
                        + " numbers (a diverged run? use an earlier checkpoint)", e.getMessage());
            }
        }
    }
}
