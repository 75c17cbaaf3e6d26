package spheres.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import spheres.engine.Backend;
import spheres.engine.attack.AttackConfig;
import spheres.engine.attack.NearestErrorAttack;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Preset;
import spheres.engine.experiment.Reproduction;
import spheres.engine.nn.ModelKind;
import spheres.engine.quadratic.ExactInnerRate;
import spheres.engine.sweep.DimensionRun;
import spheres.engine.sweep.SweepConfig;
import spheres.engine.tradeoff.TradeoffConfig;
import spheres.engine.tradeoff.TradeoffRun;
import spheres.engine.workflow.TrainConfig;

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

    /**
     * The task's work, in multiply-adds, as far as the preset tells it before the run: the examples that pass through
     * the net (a training step's batch counts three times, forward and backward; an attack iteration of one start three
     * times; a sampled point once) times the net's weights. The plan submits its tasks largest first, so that the
     * longest runs do not start last and leave the other executors idle at the end.
     */
    double work(Preset preset);

    /** Multiply-adds of one example's forward pass through a net of this configuration. */
    static double weights(TrainConfig c) {
        return c.model() == ModelKind.QUADRATIC ? (double) c.dim() * c.hidden()
                : (double) c.dim() * c.width() + (c.depth() - 1.0) * c.width() * c.width() + c.width();
    }

    /** Examples through the net for training to {@code c.steps()}. */
    static double training(TrainConfig c) {
        return 3.0 * c.steps() * c.batch();
    }

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

        /** The stages' calls in order; each measures the net the last training call before it made. */
        public double work(Preset preset) {
            double total = 0, weights = 0;
            for (Reproduction.Stage s : Reproduction.stages(preset, Path.of("")))
                if (stages.contains(s.name()))
                    for (Reproduction.Call c : s.calls()) {
                        if (c instanceof Reproduction.TrainCall t) {
                            weights = weights(t.config());
                            total += training(t.config()) * weights;
                        } else if (c instanceof Reproduction.EvalCall e) total += 2.0 * e.config().samples() * weights;
                        else if (c instanceof Reproduction.QuadraticCall q) total += 2.0 * q.config().samples() * weights;
                        else if (c instanceof Reproduction.AttackCall a) total += 3.0 * a.config().starts() * a.config().attack().maxIter() * weights;
                        else if (c instanceof Reproduction.NormsCall n)
                            total += n.config().count() * (n.config().samples() + 3.0 * n.config().starts() * n.config().maxIter()) * weights;
                    }
            return total;
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

        /** Training, and at each checkpoint the inner samples and the attack's starts. */
        public double work(Preset preset) {
            TradeoffConfig plan = preset.tradeoff();
            TrainConfig train = plan.train(model, trainSize);
            double attack = 3.0 * plan.attackStarts() * AttackConfig.defaults("nearest").maxIter(); // NearestErrorAttack's
            return (training(train) + plan.checkpoints() * (plan.evalSamples() + attack)) * weights(train);
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

        /** Training, the samples of both spheres, and the attack. */
        public double work(Preset preset) {
            SweepConfig plan = preset.sweep();
            TrainConfig train = plan.train(dim);
            return (training(train) + 2.0 * plan.evalSamples() + 3.0 * plan.attackStarts() * plan.attackIters()) * weights(train);
        }
    }

    private static Map<String, Double> seconds(String folder, long t0) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(folder, (System.nanoTime() - t0) / 1e9);
        return m;
    }
}
