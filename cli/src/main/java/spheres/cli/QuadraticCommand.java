package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import spheres.engine.Backend;
import spheres.engine.experiment.Fractions;
import spheres.engine.experiment.Quadratic;
import spheres.figures.Figures;
import spheres.figures.Format;

/** The quadratic net, exactly: its alphas, worst-case points and error rates; or how many alphas a target rate needs. */
@Command(name = "quadratic")
final class QuadraticCommand extends ResultCommand {
    @Parameters(arity = "0..1", paramLabel = "RUN", descriptionKey = "RUN")
    Path run;

    @Option(names = "--fractions")
    boolean fractions;

    @Option(names = {"-n", "--samples"}, defaultValue = "1000000")
    long samples;

    @Mixin
    SeedOption seed;

    @Option(names = "--bins", defaultValue = "50")
    int bins;

    @Mixin
    OutOptions out;

    @Option(names = "--radius", defaultValue = "1.3")
    double radius;

    @Option(names = "--offset", defaultValue = "0.1")
    double offset;

    @Option(names = "--targets", split = ",", defaultValue = "1e-2,1e-5,1e-10,1e-20", paramLabel = "RATE")
    double[] targets;

    @Option(names = "--max-dim", paramLabel = "D", defaultValue = "10000")
    int maxDim;

    @Override
    public Integer call() throws IOException {
        if ((run != null) == fractions) throw new IllegalArgumentException("give RUN (a model to analyse) or --fractions, one of them");
        return fractions ? fractions() : analyse();
    }

    private int analyse() throws IOException {
        Quadratic.Config config = new Quadratic.Config(run, samples, seed.seed, bins);
        Path dir = config.dir();
        for (Path f : config.files()) if (Files.exists(f) && !out.force) throw new IllegalArgumentException(f + ": exists; pass --force to overwrite it");
        try (Backend backend = runtime.open()) {
            Progress[] bar = {null};
            Quadratic.Result r;
            try {
                r = Quadratic.run(backend, config, environment(backend), (outer, n) -> {
                    if (bar[0] != null) bar[0].close();
                    bar[0] = output.bar(outer ? "outer" : "inner", n, "samples");
                    return bar[0]::stepBy;
                });
            } finally {
                if (bar[0] != null) bar[0].close();
            }
            Figures.draw(dir, Figures.Kind.ALPHAS, Format.PNG);
            output.result(r);
            output.summary().println(r.summary());
            output.summary().println("written " + dir.resolve(Quadratic.JSON) + ", alphas.csv, worst_case.npy"
                    + (r.alphas().min() != null ? ", figures/alphas.png" : ""));
        }
        return ExitCodes.OK;
    }

    private int fractions() throws IOException {
        Fractions.Config config = new Fractions.Config(radius, offset, targets, maxDim);
        Path folder = out.folder(Path.of("runs", "quadratic-fractions"));
        Fractions.Result result = Fractions.run(config);
        Fractions.write(folder, config, result);
        Figures.draw(folder, Figures.Kind.FRACTIONS, Format.PNG);
        output.result(result);
        output.summary().print(result.csv());
        output.summary().println("written " + folder + ": fractions.csv, figures/fractions-inner.png, figures/fractions-outer.png"
                + " (empty cells: the target is out of reach even with every alpha in range)");
        return ExitCodes.OK;
    }
}
