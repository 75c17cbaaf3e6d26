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
@Command(name = "attack")
final class AttackCommand extends ModelCommand {
    @Option(names = "--mode", defaultValue = "nearest")
    String mode;

    @Option(names = "--sphere", defaultValue = "both")
    String sphere;

    @Option(names = "--radius", paramLabel = "r")
    Float radius;

    @Option(names = "--input", paramLabel = "X.npy")
    Path input;

    @Option(names = "--starts", defaultValue = "1000")
    int starts;

    @Option(names = "--step")
    Float step;

    @Option(names = "--max-iter", paramLabel = "N")
    Integer maxIter;

    @Option(names = "--tol")
    Float tol;

    @Option(names = "--bisect")
    Integer bisect;

    @Option(names = "--batch", defaultValue = "1000")
    int batch;

    @Option(names = "--bins", defaultValue = "20")
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
