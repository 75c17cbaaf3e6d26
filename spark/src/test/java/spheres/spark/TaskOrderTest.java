package spheres.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Preset;
import spheres.engine.experiment.Reproduction;

/** The plan's tasks go to Spark largest first, by a work estimate that follows the sizes that make a run long. */
class TaskOrderTest {
    @TempDir
    Path tmp;

    private List<PlanTask> tasks(Preset preset) throws Exception {
        Path local = tmp.resolve(preset.name());
        return SparkPlan.tasks(preset, Reproduction.stages(preset, local), local, new SharedFolder(local.toString()), Environment.machine(),
                new HashMap<>());
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoke", "quick", "paper"})
    void tasksAreSubmittedLongestFirst(String name) throws Exception {
        Preset preset = Preset.named(name);
        List<PlanTask> tasks = tasks(preset);
        // Every independent piece of the plan, once: the ReLU stages, d = 2, the quadratic runs; each trade-off and sweep run.
        int runs = preset.tradeoff().models().size() * preset.tradeoff().trainSizes().size() + preset.sweep().dims().size();
        assertTrue(tasks.size() > runs, tasks.size() + " tasks for " + runs + " runs of the trade-off and the sweep");
        for (int i = 1; i < tasks.size(); i++)
            assertTrue(tasks.get(i - 1).work(preset) >= tasks.get(i).work(preset),
                    tasks.get(i - 1).folder() + " before " + tasks.get(i).folder() + " but lighter");
        for (PlanTask t : tasks)  // only the stages that train no net (the fractions' and the bound's tables) are free of net work
            assertTrue(t.work(preset) > 0 || List.of("fractions", "bound").contains(t.folder()), t.folder() + " has no work");
    }

    @Test
    void theEstimateGrowsWithWhatMakesARunLong() {
        Preset paper = Preset.named("paper");
        // The same training at d 500 against d 2: the first layer is 250x larger, the rest alike.
        assertTrue(new PlanTask.Sweep(500).work(paper) > 1.3 * new PlanTask.Sweep(2).work(paper));
        // The quadratic net (one d x h layer) against the 2 x 1000 ReLU net at the same steps.
        assertTrue(new PlanTask.Tradeoff("relu-bn", 0).work(paper) > new PlanTask.Tradeoff("quadratic", 0).work(paper));
        // The ReLU net's own task (training, 10^7 samples per sphere, the attack, the norms) outweighs its d = 2 twin's.
        PlanTask relu = new PlanTask.Stages("relu", List.of("relu-train", "relu-eval", "relu-attack", "relu-slices", "relu-norms"));
        assertTrue(relu.work(paper) > 10 * new PlanTask.Stages("d2", List.of("d2")).work(paper));
        assertTrue(relu.work(paper) > new PlanTask.Stages("relu", List.of("relu-train")).work(paper), "evaluation and attack count");
    }
}
