package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.experiment.Slices;
import spheres.figures.Figures;
import spheres.figures.Format;

/** The paper's 2D slices through the origin: random planes and planes through adversarial points. */
@Command(name = "slices")
final class SlicesCommand extends ModelCommand {
    @Option(names = "--adversarial", paramLabel = "ADV.npy")
    Path adversarial;

    @Option(names = "--resolution", defaultValue = "400")
    int resolution;

    @Option(names = "--extent", defaultValue = "1.6")
    double extent;

    @Override
    public Integer call() throws IOException {
        Slices.Config config = new Slices.Config(target.path, adversarial, resolution, extent, seed.seed, out.out);
        Path folder = config.folder(), dir = folder.resolve(Slices.FOLDER), png = folder.resolve("figures").resolve("slices.png");
        if (Files.exists(dir.resolve(Slices.JSON)) && !out.force)
            throw new IllegalArgumentException(dir + ": holds slices already; pass --force to overwrite them");
        try (Backend backend = runtime.open()) {
            long start = System.nanoTime();
            Slices.Result r = Slices.run(backend, config, environment(backend));
            Figures.draw(folder, Figures.Kind.SLICES, Format.PNG);
            output.result(r.summary());
            output.summary().print(r.summary().table());
            output.summary().printf(Locale.ROOT, "%d panels of %d x %d in %.1f s; written %s and %s%n", r.slices().size(), resolution, resolution,
                    (System.nanoTime() - start) / 1e9, dir, png);
        }
        return ExitCodes.OK;
    }
}
