package spheres.engine.experiment;

import java.util.List;
import spheres.engine.attack.AttackConfig;
import spheres.engine.nn.ModelKind;
import spheres.engine.sweep.SweepConfig;
import spheres.engine.tradeoff.TradeoffConfig;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;

/**
 * The scales of a reproduction, in one place: every size of every stage of {@link Reproduction}, and the presets of the
 * trade-off and the sweep (their commands' {@code --preset}). {@code quick} shows every phenomenon in minutes on two
 * cores, {@code paper} is the paper's scale, {@code smoke} runs every stage in seconds (what the tests run).
 *
 * @param relu      the ReLU net of the relu stages (2 hidden layers, batch norm, online)
 * @param d2Steps   training steps of the same net at d = 2
 * @param quadratic the quadratic net on a fixed training set (the online one is the same net with no set)
 * @param perfect   the quadratic net trained from the perfect initialisation, checkpointed every {@code perfectEvery} steps
 */
public record Preset(String name, TrainConfig relu, long evalSamples, int attackStarts, AttackConfig attack, int resolution,
                     NormGrid norms, long d2Steps, TrainConfig quadratic, long quadSamples, TrainConfig perfect, long perfectEvery,
                     int maxDim, TradeoffConfig tradeoff, SweepConfig sweep) {
    /** The norms figure: {@code count} norms from 0 to 3, {@code samples} directions and {@code starts} attack starts each. */
    public record NormGrid(int count, long samples, int starts) {}

    public static final List<String> NAMES = List.of("quick", "paper", "smoke");

    public static Preset named(String name) {
        switch (name) {
            case "quick": return quick();
            case "paper": return paper();
            case "smoke": return smoke();
            default: throw new IllegalArgumentException("--preset " + name + ": accepted: " + String.join(", ", NAMES));
        }
    }

    static Preset quick() {
        return new Preset("quick", relu(100, 1000, 30_000), 1_000_000, 500, nearest(5000), 400, new NormGrid(16, 5_000, 50), 3000,
                quadratic(100, 200, 40_000, 200_000), 100_000, quadratic(100, 200, 1_000, 5_000), 500, 10_000, quickTradeoff(), quickSweep());
    }

    static Preset paper() {
        return new Preset("paper", relu(500, 1000, 1_000_000), 10_000_000, 1000, nearest(5000), 600, new NormGrid(31, 10_000, 100),
                20_000, quadratic(500, 1000, 1_000_000, 1_000_000), 10_000_000, quadratic(500, 1000, 10_000, 100_000), 5_000, 10_000,
                new TradeoffConfig("paper", 500, 1.3f, 1000, 1000, 50, 1e-4f, 1_000_000, TradeoffConfig.MODELS,
                        List.of(1000L, 10_000L, 100_000L, 1_000_000L, 0L), 12, 100, 10_000_000, 10, 1000, Streams.DEFAULT_SEED),
                new SweepConfig("paper", SweepConfig.DIMS, 1.3f, 1000, 50, 1e-4f, 1_000_000, 10_000_000, 1000,
                        AttackConfig.defaults("nearest").maxIter(), AttackConfig.defaults("nearest").step(), Streams.DEFAULT_SEED));
    }

    /**
     * Tiny sizes. Its trade-off and sweep are the quick ones with small nets and budgets; they keep the name "quick" in
     * their config records, as the runs before this class did.
     */
    static Preset smoke() {
        TradeoffConfig q = quickTradeoff();
        SweepConfig s = quickSweep();
        return new Preset("smoke", relu(6, 8, 30), 1_000, 8, nearest(50), 16, new NormGrid(3, 100, 4), 20, quadratic(6, 8, 100, 50), 1_000,
                quadratic(6, 8, 50, 20), 10, 100,
                new TradeoffConfig(q.preset(), 6, q.radius(), 8, 8, 10, 1e-2f, 40, List.of("relu", "quadratic"), List.of(30L), 2, 10, 500,
                        q.minErrors(), 5, q.seed()),
                new SweepConfig(s.preset(), List.of(2, 8), s.radius(), 8, 10, 1e-2f, 30, 500, 4, 50, s.attackStep(), s.seed()));
    }

    /**
     * The trade-off in minutes on two cores: d = 50, hidden widths 100, Adam 1e-3 (10x the paper's, so that 4000 steps go
     * from chance to rare errors), N in {100, 1000, 10000, online}, 100,000 inner samples per checkpoint.
     */
    private static TradeoffConfig quickTradeoff() {
        return new TradeoffConfig("quick", 50, 1.3f, 100, 100, 50, 1e-3f, 4000, TradeoffConfig.MODELS, List.of(100L, 1000L, 10_000L, 0L),
                8, 25, 100_000, 10, 100, Streams.DEFAULT_SEED);
    }

    /**
     * The sweep in a few minutes on two cores: widths 200, Adam 3e-4 (3x the paper's, so that 20,000 steps leave no
     * sampled error up to d of about 60; widths 100 or Adam 1e-3 left hundreds), 200,000 samples per sphere, 100 attack
     * starts of 1000 steps of 0.005.
     */
    private static SweepConfig quickSweep() {
        return new SweepConfig("quick", SweepConfig.DIMS, 1.3f, 200, 50, 3e-4f, 20_000, 200_000, 100, 1000, 0.005f, Streams.DEFAULT_SEED);
    }

    /** The paper's ReLU net at d, 2 hidden layers of {@code width} with batch norm, online, Adam 1e-4 at batch 50. */
    private static TrainConfig relu(int dim, int width, long steps) {
        return new TrainConfig(ModelKind.RELU, dim, 1.3f, width, 2, true, 1000, 50, 1e-4f, steps, 0, true, Streams.DEFAULT_SEED);
    }

    /** The quadratic net, h hidden units, on a fixed set of {@code trainSize} points (0: online). */
    private static TrainConfig quadratic(int dim, int hidden, long trainSize, long steps) {
        return new TrainConfig(ModelKind.QUADRATIC, dim, 1.3f, 1000, 2, true, hidden, 50, 1e-4f, steps, trainSize, true, Streams.DEFAULT_SEED);
    }

    /** The nearest-error attack with the spec's defaults and at most {@code maxIter} steps. */
    private static AttackConfig nearest(int maxIter) {
        AttackConfig a = AttackConfig.defaults("nearest");
        return new AttackConfig(a.mode(), a.step(), maxIter, a.tol(), a.bisect(), a.batch());
    }
}
