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
@Command(name = "norms")
final class NormsCommand extends ModelCommand {
    @Option(names = "--from", defaultValue = "0")
    float from;

    @Option(names = "--to", defaultValue = "3")
    float to;

    @Option(names = "--count", defaultValue = "31")
    int count;

    @Option(names = {"-n", "--samples"}, defaultValue = "10000")
    long samples;

    @Option(names = "--chunk", defaultValue = "" + Evaluation.CHUNK)
    int chunk;

    @Option(names = "--starts", defaultValue = "100")
    int starts;

    @Option(names = "--step", defaultValue = "0.01")
    float step;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "1000")
    int maxIter;

    @Option(names = "--batch", defaultValue = "1000")
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
                        bar.stepBy(1);
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
