package spheres.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import spheres.engine.Backend;
import spheres.engine.experiment.Training;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.StopOnShutdown;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.engine.workflow.TrainingRun;
import spheres.figures.Figures;
import spheres.figures.Format;

/** Trains the ReLU or the quadratic net on the spheres and writes a run folder. */
@Command(name = "train")
final class TrainCommand extends ResultCommand {
    @Option(names = "--model", defaultValue = "relu")
    String model;

    @Option(names = "--dim", defaultValue = "500")
    int dim;

    @Option(names = "--radius", defaultValue = "1.3")
    float radius;

    @Option(names = "--width", defaultValue = "1000")
    int width;

    @Option(names = "--depth", defaultValue = "2")
    int depth;

    @Option(names = "--batch-norm", negatable = true, defaultValue = "true", fallbackValue = "true")
    boolean batchNorm;

    @Option(names = "--hidden", defaultValue = "1000")
    int hidden;

    @Option(names = "--batch", defaultValue = "50")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-4")
    float lr;

    @Option(names = "--steps")
    Long steps;

    @Option(names = "--examples")
    Long examples;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "0")
    long trainSize;

    @Option(names = "--data", paramLabel = "FILE")
    Path data;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-shuffle")
    boolean noShuffle;

    @Mixin
    SeedOption seed;

    @Option(names = "--log-every", paramLabel = "N", defaultValue = "100")
    int logEvery;

    @Mixin
    OutOptions out;

    @Option(names = "--checkpoint-every", defaultValue = "1000", paramLabel = "K")
    long checkpointEvery;

    @Option(names = "--resume")
    boolean resume;

    @Option(names = "--init", paramLabel = "FILE|perfect")
    String init;

    @Option(names = "--loss-samples", defaultValue = "" + Training.LOSS_SAMPLES, paramLabel = "N")
    long lossSamples;

    @Override
    public Integer call() throws IOException {
        TrainConfig asked = new TrainConfig(ModelKind.parse(model), dim, radius, width, depth, batchNorm, hidden, batch, lr, 0, trainSize,
                !noShuffle, seed.seed);
        Set<String> given = spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName()).collect(Collectors.toSet());
        Training.Request request = new Training.Request(asked, given, steps, examples, out.out, data, init, checkpointEvery, logEvery,
                lossSamples, resume);
        if (resume) RunFolder.existing(out.out);
        Training.Prepared run = Training.prepare(request);
        try (Backend backend = runtime.open()) {
            if (!resume) RunFolder.create(run.config().dir(), out.force);
            return train(backend, run.config(), run.setup(environment(backend)));
        }
    }

    /** Runs the stage with a progress bar, and Ctrl-C as a stop at a checkpoint (exit code 130). */
    private int train(Backend backend, Training.Config config, Training.Setup record) throws IOException {
        Training.Outcome o;
        Progress[] bar = {null};
        PrintStream say = output.summary();
        try (StopOnShutdown stop = new StopOnShutdown()) {
            o = Training.run(backend, config, record, new Training.Listener() {
                public void started(TrainingRun run, long resumedAt) {
                    stop.watch(run);
                    Trainer t = run.trainer();
                    if (config.resume()) say.println("resuming at step " + resumedAt + " of " + t.config().steps());
                    say.println(t.model().describe() + "\n" + t.model().parameterCount() + " parameters");
                    bar[0] = output.bar("train", t.config().steps(), "steps", resumedAt);
                }

                public void stepped(Trainer.Step st, double loss, double accuracy) {
                    if (!Double.isNaN(loss)) bar[0].message(String.format(Locale.ROOT, "loss %.4f acc %.3f", loss, accuracy));
                    bar[0].stepTo(st.step());
                }
            });
        } finally {
            if (bar[0] != null) bar[0].close();
        }
        if (config.train().model() == ModelKind.QUADRATIC) Figures.draw(config.dir(), Figures.Kind.LOSSES, Format.PNG);
        output.result(o);
        say.println(o.speed(config.train().batch()));
        // Said again at the end: the warning of the moment may have scrolled past with the progress bar.
        if (o.diverged() != null) System.err.println("spheres: warning: " + o.diverged());
        if (o.stopped()) {
            System.err.println("spheres: interrupted: checkpoint at step " + o.last() + " in " + config.dir() + "; continue with --resume --out " + config.dir());
            return ExitCodes.INTERRUPTED;
        }
        say.println("run folder: " + config.dir());
        return ExitCodes.OK;
    }
}
