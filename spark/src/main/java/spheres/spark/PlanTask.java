package spheres.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import spheres.engine.Backend;
import spheres.engine.attack.NearestErrorAttack;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Preset;
import spheres.engine.experiment.Reproduction;
import spheres.engine.quadratic.ExactInnerRate;
import spheres.engine.sweep.DimensionRun;
import spheres.engine.tradeoff.TradeoffRun;

/**
 * One independent piece of a plan, run as a Spark task: the stages of one top-level run folder (a training with its
 * evaluation and attack), or one training run of the trade-off or the sweep. A task is a function of its record and
 * the preset: it rebuilds its calls from the engine's plan, into a local folder, and the caller commits that folder.
 */
public sealed interface PlanTask extends Serializable {
    /** The folder the task writes, relative to the run folder ({@code relu}, {@code tradeoff/relu-N1000}). */
    String folder();

    /** The stages this task finishes (markers and logs go with its folder); none for a run of the trade-off or the sweep. */
    List<String> stages();

    /**
     * Runs into {@code work} (a local mirror of the run folder) and returns each stage's seconds. {@code trained} hears
     * of every training step, between steps, when the checkpoint files stand.
     */
    Map<String, Double> run(Backend backend, Environment environment, Preset preset, Path work, Runnable trained) throws IOException;

    /** Stages of the plan whose calls all write under one top-level folder: they run in this order, in one task. */
    record Stages(String folder, List<String> stages) implements PlanTask {
        public Map<String, Double> run(Backend backend, Environment environment, Preset preset, Path work, Runnable trained)
                throws IOException {
            List<Reproduction.Stage> mine = Reproduction.stages(preset, work).stream().filter(s -> stages.contains(s.name())).toList();
            return Reproduction.run(work, mine, new Reproduction.Context(backend, environment, new Reproduction.Listener() {
                public void stage(int index, int count, Reproduction.Stage stage, boolean skipped) {}

                public void training(String task, long done, long total) {
                    trained.run();
                }

                public void written(Path folder) {}

                public void finished(Reproduction.Stage stage, double seconds) {}
            }));
        }
    }

    /** One model at one training-set size of the plan's trade-off. */
    record Tradeoff(String model, long trainSize) implements PlanTask {
        public String folder() {
            return SparkPlan.TRADEOFF + "/" + TradeoffRun.name(model, trainSize);
        }

        public List<String> stages() {
            return List.of();
        }

        public Map<String, Double> run(Backend backend, Environment environment, Preset preset, Path work, Runnable trained)
                throws IOException {
            long t0 = System.nanoTime();
            new TradeoffRun(work.resolve(SparkPlan.TRADEOFF), model, trainSize, preset.tradeoff().validate())
                    .run(backend, new NearestErrorAttack(), new ExactInnerRate(), new TradeoffRun.Progress() {
                        public void trained(long step) {
                            trained.run();
                        }

                        public void measured(spheres.engine.tradeoff.TradeoffPoint point) {}
                    });
            return seconds(folder(), t0);
        }
    }

    /** One dimension of the plan's sweep. */
    record Sweep(int dim) implements PlanTask {
        public String folder() {
            return SparkPlan.SWEEP + "/" + DimensionRun.name(dim);
        }

        public List<String> stages() {
            return List.of();
        }

        public Map<String, Double> run(Backend backend, Environment environment, Preset preset, Path work, Runnable trained)
                throws IOException {
            long t0 = System.nanoTime();
            new DimensionRun(work.resolve(SparkPlan.SWEEP), dim, preset.sweep().validate()).run(backend, step -> trained.run());
            return seconds(folder(), t0);
        }
    }

    private static Map<String, Double> seconds(String folder, long t0) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(folder, (System.nanoTime() - t0) / 1e9);
        return m;
    }
}
