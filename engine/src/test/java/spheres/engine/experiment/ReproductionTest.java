package spheres.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan is data: every stage call of every preset goes to JSON and back unchanged; finished stages are marked in the run folder. */
class ReproductionTest {
    @Test
    void everyCallOfEveryPresetReadsBackFromItsJson() throws Exception {
        for (String name : Preset.NAMES) {
            List<Reproduction.Stage> stages = Reproduction.stages(Preset.named(name), Path.of("runs", "r"));
            assertEquals(13, stages.size());
            for (Reproduction.Stage s : stages)
                for (Reproduction.Call call : s.calls()) {
                    String json = Json.MAPPER.writeValueAsString(call);
                    Reproduction.Call back = Json.MAPPER.readValue(json, Reproduction.Call.class);
                    assertEquals(call.getClass(), back.getClass(), json);
                    assertEquals(json, Json.MAPPER.writeValueAsString(back), s.name());
                    assertEquals(call.folder(), back.folder());
                }
        }
    }

    @Test
    void anUnknownPresetIsRefusedWithTheAcceptedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.named("huge"));
        assertEquals("--preset huge: accepted: quick, paper, smoke", e.getMessage());
    }

    @Test
    void aRunHasStartedOnceAStageIsMarkedAndTheMarkerHoldsItsTime(@TempDir Path dir) throws Exception {
        Reproduction.Stage first = Reproduction.stages(Preset.named("smoke"), dir).get(0);
        assertFalse(Reproduction.started(dir));
        assertNull(Reproduction.finished(dir, first));
        Reproduction.markFinished(dir, first, 1.5);
        assertTrue(Reproduction.started(dir));
        assertEquals(1.5, Reproduction.finished(dir, first));
    }
}
