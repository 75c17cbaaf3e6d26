package spheres.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.attack.ManifoldAttack;
import spheres.engine.attack.NormSweep;
import spheres.engine.experiment.Evaluation;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.Norms;
import spheres.engine.experiment.RunRecord;
import spheres.figures.Figures;
import spheres.figures.Format;

/** Accuracy against the input norm, and the attack's success at each norm: the data of the paper's "0.6 and 2.4" figure. */
@Command(name = "norms", description = "At norms from 0 to ~3: the fraction of random directions classified as the ideal classifier would, and the manifold attack's success.",
        footer = {"", "Examples:",
                "  ./spheres norms runs/quick             # 31 norms from 0 to 3, into runs/quick/norms",
                "  ./spheres norms runs/quick --from 0.5 --to 2.5 --count 5 -n 100000 \\",
                "      --starts 200 --out runs/quick/norms-fine"})
final class NormsCommand extends ModelCommand {
    @Option(names = "--from", defaultValue = "0", description = "Smallest norm (default: ${DEFAULT-VALUE}).")
    float from;

    @Option(names = "--to", defaultValue = "3", description = "Largest norm (default: ${DEFAULT-VALUE}).")
    float to;

    @Option(names = "--count", defaultValue = "31", description = "Norms, evenly spaced, ends included (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-n", "--samples"}, defaultValue = "10000", description = "Random directions per norm (default: ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--chunk", defaultValue = "" + Evaluation.CHUNK, description = "Directions per forward pass (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--starts", defaultValue = "100", description = "Attack starts per norm (default: ${DEFAULT-VALUE}).")
    int starts;

    @Option(names = "--step", defaultValue = "0.01", description = "Attack step length (default: ${DEFAULT-VALUE}).")
    float step;

    /** The earlier name of --step, kept for scripts. */
    @Option(names = "--eps-step", hidden = true)
    void epsStep(float l) {
        step = l;
    }

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "1000", description = "Most attack steps per start (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--batch", defaultValue = "1000", description = "Attack starts that move together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws IOException {
        Norms.Config config = new Norms.Config(target.path, from, to, count, samples, chunk, starts, step, maxIter, batch, seed.seed);
        try (Backend backend = runtime.open()) {
            Norms.Setup setup = config.setup(environment(backend)); // a bad RUN is refused before the folder is made
            Path run = out.folder(config.defaultOut());
            Json.write(run.resolve(RunRecord.FILE), setup);
            Norms.Result r;
            try (Progress bar = output.bar("norms", setup.norms().length, "norms")) {
                r = Norms.run(backend, config, run, new Norms.Progress() {
                    public ManifoldAttack.Progress attacking(float norm) {
                        return (done, t, settled) -> bar.message(String.format(Locale.ROOT, "norm %.3f: iter %d, %d settled", norm, t,
                                done + settled));
                    }

                    public void measured(NormSweep.Point p) {
                        bar.step();
                    }
                });
            }
            Figures.draw(run, Figures.Kind.NORMS, Format.PNG);
            output.result(r);
            output.summary().print(r.table());
            output.summary().printf(Locale.ROOT, "%.1f s; written %s%n", r.seconds(), run);
        }
        return ExitCodes.OK;
    }
}
