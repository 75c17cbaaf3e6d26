package spheres.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.attack.AttackConfig;
import spheres.engine.experiment.Attack;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.RunRecord;

/** The manifold attack on a trained model: writes attack.csv, attack.json and the verified errors (adversarial.npy). */
@Command(name = "attack", description = "Search the spheres for a model's errors: projected gradient ascent of the loss, every iterate kept on its start's sphere.",
        footer = {"", "Examples:",
                "  ./spheres attack runs/quick            # nearest errors, 1000 starts, both spheres",
                "  ./spheres attack runs/quick --mode worst --sphere inner --starts 100",
                "  ./spheres attack runs/quick --radius 0.6 --starts 200   # off the data spheres",
                "  ./spheres attack runs/quick --input x.npy --out runs/quick/attack-x",
                "Starts with a norm above (1 + R) / 2 are of the outer class, the others inner.",
                "Writes OUT/attack.csv (one row per start), attack.json (success, distances, histogram),",
                "adversarial.npy (the verified errors, float32 [found, d], in start order) and config.json."})
final class AttackCommand extends ModelCommand {
    @Option(names = "--mode", defaultValue = "nearest",
            description = "nearest: stop at the first error, then bisect; worst: iterate to convergence (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--sphere", defaultValue = "both", description = "Random starts on the inner, outer or both spheres (default: ${DEFAULT-VALUE}).")
    String sphere;

    @Option(names = "--radius", paramLabel = "r", description = "Random starts on the sphere of radius r instead (any r >= 0).")
    Float radius;

    @Option(names = "--input", paramLabel = "X.npy", description = "Start from these points, float32 [n, d], instead.")
    Path input;

    @Option(names = "--starts", defaultValue = "1000", description = "Random starts (default: ${DEFAULT-VALUE}; with --input, every point of the file).")
    int starts;

    @Option(names = "--step", description = "L2 length of each step (default: 0.002 nearest, 0.01 worst).")
    Float step;

    /** The earlier name of --step, kept for scripts. */
    @Option(names = "--eps-step", hidden = true)
    void epsStep(float l) {
        step = l;
    }

    @Option(names = "--max-iter", paramLabel = "N", description = "Most steps per start (default: 5000 nearest, 1000 worst).")
    Integer maxIter;

    @Option(names = "--tol", description = "worst: converged when a projected step is shorter than tol x step (default: 1e-3).")
    Float tol;

    @Option(names = "--bisect", description = "nearest: halvings of the arc between the last correct and the first wrong iterate (default: 10).")
    Integer bisect;

    @Option(names = "--batch", defaultValue = "1000", description = "Starts that move together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--bins", defaultValue = "20", description = "Bins of the distance histogram in attack.json (default: ${DEFAULT-VALUE}).")
    int bins;

    @Override
    public Integer call() throws IOException {
        AttackConfig attack = AttackConfig.of(mode, step, maxIter, tol, bisect, batch);
        Attack.Plan plan = Attack.plan(new Attack.Config(target.path, attack, sphere, radius, input, starts, seed.seed, bins));
        Path run = out.folder(plan.defaultOut());
        try (Backend backend = runtime.open()) {
            Attack.Setup setup = plan.setup(environment(backend));
            Json.write(run.resolve(RunRecord.FILE), setup);
            Attack.Result r;
            try (Progress bar = output.bar("attack", plan.starts(), "starts")) {
                r = Attack.run(backend, plan, run, (done, t, settled) -> {
                    bar.stepTo(done);
                    bar.message("iter " + t + ", " + (done + settled) + " settled");
                });
            }
            output.result(r);
            output.summary().println(r.summary() + "; written " + run);
        }
        return ExitCodes.OK;
    }
}
