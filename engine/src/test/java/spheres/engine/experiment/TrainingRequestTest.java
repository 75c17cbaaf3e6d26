package spheres.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.SafeTensors;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.TrainConfig;

/**
 * {@link Training.Request}: the train command's options checked against each other, the step budget from steps or
 * examples, and a data file's points setting the dimension and the training-set size.
 */
class TrainingRequestTest {
    @TempDir
    Path dir;

    private static final TrainConfig ASKED = new TrainConfig(ModelKind.RELU, 500, 1.3f, 1000, 2, true, 1000, 50, 1e-4f, 0, 0, true, 1);

    private static Training.Request request(Set<String> given, Long steps, Long examples, Path out, Path data, String init, boolean resume) {
        return new Training.Request(ASKED, given, steps, examples, out, data, init, 1000, 100, Training.LOSS_SAMPLES, resume);
    }

    private static String refused(Set<String> given, Long steps, Long examples, Path out, Path data, String init, boolean resume) {
        return assertThrows(IllegalArgumentException.class, () -> Training.prepare(request(given, steps, examples, out, data, init, resume)))
                .getMessage();
    }

    @Test
    void optionsThatExcludeEachOtherAreRefusedInOneLine() {
        assertEquals("--steps and --examples: give one, not both", refused(Set.of(), 10L, 500L, null, null, null, false));
        assertEquals("--examples -1: must be >= 0", refused(Set.of(), null, -1L, null, null, null, false));
        assertEquals("--resume: name the run folder with --out", refused(Set.of(), null, null, null, null, null, true));
        assertEquals("--resume and --init: give one, not both", refused(Set.of(), null, null, dir, null, "perfect", true));
        assertEquals("--resume and --data: a resumed run reads the data file it was started with",
                refused(Set.of(), null, null, dir, dir.resolve("d.npz"), null, true));
    }

    @Test
    void theBudgetIsStepsOrWholeBatchesOfExamplesAndTheFolderHasADefault() throws Exception {
        Training.Prepared p = Training.prepare(request(Set.of(), null, null, null, null, null, false));
        assertEquals(Training.STEPS, p.config().train().steps());
        assertEquals(Path.of("runs", "train-relu-d500"), p.config().dir());
        assertNull(p.resumed());
        assertEquals(3, Training.prepare(request(Set.of(), null, 101L, dir, null, null, false)).config().train().steps(), "101 examples: 3 batches of 50");
        assertEquals(7, Training.prepare(request(Set.of(), 7L, null, dir, null, null, false)).config().train().steps());
        assertEquals(dir, Training.prepare(request(Set.of(), 7L, null, dir, null, null, false)).config().dir());
    }

    @Test
    void aDataFileSetsDimensionAndSizeUnlessTheOptionsSayOtherwise() throws Exception {
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("x", HostArray.of(new float[] {1, 0, 0, 1.3f, -1, 0}, 3, 2));
        t.put("y", HostArray.of(new float[] {0, 1, 0}, 3));
        Path data = dir.resolve("d.safetensors");
        new SafeTensors(t, Map.of()).write(data);
        Training.Prepared p = Training.prepare(request(Set.of(), 5L, null, null, data, null, false));
        assertEquals(2, p.config().train().dim());
        assertEquals(3, p.config().train().trainSize());
        assertEquals(Path.of("runs", "train-relu-d2"), p.config().dir());
        assertEquals(3, p.config().data().n());
        assertEquals("--dim 500: the points of " + data + " have dimension 2", refused(Set.of("--dim"), 5L, null, null, data, null, false));
        assertEquals("--train-size 0: " + data + " holds 3 points", refused(Set.of("--train-size"), 5L, null, null, data, null, false));
    }
}
