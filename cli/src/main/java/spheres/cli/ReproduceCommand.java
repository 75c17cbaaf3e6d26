package spheres.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.io.AtomicFiles;

/**
 * Every experiment of the paper in order, each stage one of the other commands run in process into a subfolder of one
 * run folder, then {@code report.md} with the figures and a table "paper vs this run". A finished stage leaves a marker
 * in {@code .stages/}, so {@code --resume} skips it; an unfinished training stage resumes from its checkpoint.
 */
@Command(name = "reproduce", description = "Run every experiment of the paper and write report.md: the ReLU net (errors by sampling, the "
        + "manifold attack, slices, accuracy against the norm, d = 2), the quadratic net (alphas, CLT and exact error rates, perfect "
        + "initialisation, fractions of dimensions), the theorem's bound and the trade-off.",
        footer = {"", "Presets:",
                "  quick  (default) d 100, the paper's 2 x 1000 net for 30,000 steps, 10^6 samples per sphere, 500 attack starts,",
                "         the quadratic net at d 100, h 200, 200,000 steps on 4 x 10^4 points and online, the sweep's quick",
                "         preset; about 10 minutes on two cores",
                "  paper  d 500, 1 M steps, 10 M samples per sphere, 1000 attack starts, the quadratic net at h 1000 on 10^6 points;",
                "         about two days on two cores (estimated from spheres bench: the trade-off's 15 and the sweep's 13 training",
                "         runs of 10^6 steps, and their 10^7-sample evaluations, dominate); stop it any time and --resume",
                "  smoke  tiny sizes: every stage in seconds (what the tests run)",
                "",
                "Examples:",
                "  ./spheres reproduce                              # runs/reproduce-quick/report.md",
                "  ./spheres reproduce --resume                     # continue a stopped run; finished stages are skipped",
                "  ./spheres reproduce --preset paper --threads 2"})
final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "quick", description = "quick, paper or smoke (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--out", description = "Run folder (default: runs/reproduce-<preset>).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out: finished stages are skipped.")
    boolean resume;

    @Option(names = "--force", description = "Start again in an existing run folder, overwriting it.")
    boolean force;

    @Option(names = "--threads", paramLabel = "N", description = "CPU worker threads for every stage (default: all cores).")
    Integer threads;

    @Option(names = "--device", defaultValue = "cpu", description = "Backend for every stage (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--quiet", description = "No progress bars: one line per stage (for logs).")
    boolean quiet;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    /** The sizes of one preset. */
    record Preset(int dim, int width, long steps, long evalSamples, int attackStarts, int attackIter, int resolution, int normCount,
                  long normSamples, int normStarts, long d2Steps, int quadDim, int quadHidden, long quadSize, long quadSteps,
                  long perfectSize, long perfectSteps, long perfectEvery, long quadSamples, int maxDim, String[] tradeoff, String[] sweep) {}

    static Preset preset(String name) {
        switch (name) {
            case "quick":
                return new Preset(100, 1000, 30_000, 1_000_000, 500, 5000, 400, 16, 5_000, 50, 3000, 100, 200, 40_000, 200_000,
                        1_000, 5_000, 500, 100_000, 10_000, new String[] {"--preset", "quick"}, new String[] {"--preset", "quick"});
            case "paper":
                return new Preset(500, 1000, 1_000_000, 10_000_000, 1000, 5000, 600, 31, 10_000, 100, 20_000, 500, 1000, 1_000_000,
                        1_000_000, 10_000, 100_000, 5_000, 10_000_000, 10_000, new String[] {"--preset", "paper"}, new String[] {"--preset", "paper"});
            case "smoke":
                return new Preset(6, 8, 30, 1_000, 8, 50, 16, 3, 100, 4, 20, 6, 8, 100, 50, 50, 20, 10, 1_000, 100,
                        new String[] {"--dim", "6", "--width", "8", "--hidden", "8", "--batch", "10", "--lr", "1e-2", "--steps", "40",
                                "--train-sizes", "30", "--models", "relu,quadratic", "--checkpoints", "2", "--first-checkpoint", "10",
                                "--eval-samples", "500", "--attack-starts", "5"},
                        new String[] {"--dims", "2,8", "--width", "8", "--batch", "10", "--lr", "1e-2", "--steps", "30", "--samples", "500",
                                "--attack-starts", "4", "--attack-iters", "50"});
            default:
                throw new IllegalArgumentException("--preset " + name + ": accepted: quick, paper, smoke");
        }
    }

    /** One stage: commands run in order; done when all exit 0. */
    private record Stage(String name, String what, List<String[]> commands) {}

    @Override
    public Integer call() throws IOException {
        Preset p = preset(preset);
        Path dir = out != null ? out : Path.of("runs", "reproduce-" + preset);
        if (threads != null && threads < 1) throw new IllegalArgumentException("--threads " + threads + ": must be >= 1");
        if (resume && force) throw new IllegalArgumentException("--resume and --force: give one, not both");
        if (!resume) RunFolder.create(dir, force);
        else if (!Files.isDirectory(dir.resolve(".stages"))) throw new IllegalArgumentException("--resume: " + dir + " holds no reproduce run");
        Files.createDirectories(dir.resolve(".stages"));
        Files.createDirectories(dir.resolve("logs"));
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<Stage> stages = stages(p, dir);
        long start = System.nanoTime();
        String wasQuiet = System.getProperty(Progress.QUIET);
        if (quiet) System.setProperty(Progress.QUIET, "true");
        try {
            runStages(dir, stages, seconds);
        } finally {
            if (wasQuiet == null) System.clearProperty(Progress.QUIET);
            else System.setProperty(Progress.QUIET, wasQuiet);
        }
        String report = ReproduceReport.write(dir, preset, p, seconds, stages.stream().map(s -> new String[] {s.name, s.what,
                String.join(" ; ", s.commands.stream().map(c -> "spheres " + String.join(" ", c)).toList())}).toList());
        AtomicFiles.write(dir.resolve("report.md"), o -> o.write(report.getBytes(StandardCharsets.UTF_8)));
        System.out.printf(Locale.ROOT, "all %d stages in %.1f s; report: %s%n", stages.size(), (System.nanoTime() - start) / 1e9, dir.resolve("report.md"));
        return ExitCodes.OK;
    }

    private void runStages(Path dir, List<Stage> stages, Map<String, Double> seconds) throws IOException {
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Path marker = dir.resolve(".stages").resolve(s.name + ".done");
            String head = String.format(Locale.ROOT, "[%d/%d] %-18s %s", i + 1, stages.size(), s.name, s.what);
            if (Files.isRegularFile(marker)) {
                seconds.put(s.name, Double.parseDouble(Files.readString(marker).strip()));
                System.out.println(head + ": done earlier, skipped");
                continue;
            }
            System.out.println(head);
            long t0 = System.nanoTime();
            for (String[] command : s.commands) run(dir, s.name, command);
            double secs = (System.nanoTime() - t0) / 1e9;
            seconds.put(s.name, secs);
            AtomicFiles.write(marker, o -> o.write(String.format(Locale.ROOT, "%.1f%n", secs).getBytes(StandardCharsets.UTF_8)));
            System.out.printf(Locale.ROOT, "      %.1f s%n", secs);
        }
    }

    /** Runs one command in process, its standard output into the stage's log; a failure stops the run with its message. */
    private void run(Path dir, String stage, String[] command) throws IOException {
        List<String> args = new ArrayList<>(Arrays.asList(command));
        if (!command[0].equals("bound")) { // the bound is arithmetic: no device, no threads
            args.add("--device=" + device);
            if (threads != null) args.add("--threads=" + threads);
        }
        PrintStream stdout = System.out, stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
            if (quiet) System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
            code = Main.run(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        Path logFile = dir.resolve("logs").resolve(stage + ".log");
        byte[] previous = Files.isRegularFile(logFile) ? Files.readAllBytes(logFile) : new byte[0];
        byte[] entry = ("$ spheres " + String.join(" ", args) + "\n" + log.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(logFile, o -> {
            o.write(previous);
            o.write(entry);
        });
        if (code != 0) {
            String why = (quiet ? errors : log).toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("spheres:")).findFirst().orElse("");
            throw new IllegalStateException("stage " + stage + ": 'spheres " + String.join(" ", args) + "' exited " + code
                    + (why.isEmpty() ? "" : " (" + why + ")") + "; see " + logFile + ", then --resume");
        }
    }

    /** A training command, or its resumption when an earlier attempt left a checkpoint. */
    private static String[] train(Path folder, String... args) {
        if (Files.isRegularFile(folder.resolve(spheres.engine.workflow.TrainingRun.OPTIMIZER)))
            return new String[] {"train", "--resume", "--out", folder.toString()};
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(Arrays.asList(args));
        a.addAll(List.of("--out", folder.toString(), "--force"));
        return a.toArray(String[]::new);
    }

    private static String s(long v) {
        return Long.toString(v);
    }

    private List<Stage> stages(Preset p, Path dir) {
        Path relu = dir.resolve("relu"), d2 = dir.resolve("d2"), quad = dir.resolve("quadratic"), online = dir.resolve("quadratic-online");
        Path perfect = dir.resolve("perfect");
        List<Stage> st = new ArrayList<>();
        st.add(new Stage("relu-train", "the ReLU net (2 hidden layers, batch norm), online", List.<String[]>of(train(relu, "--dim", s(p.dim), "--width",
                s(p.width), "--steps", s(p.steps), "--checkpoint-every", s(Math.max(1, p.steps / 10)), "--log-every", s(Math.max(1, p.steps / 100))))));
        st.add(new Stage("relu-eval", "errors among uniform samples of each sphere", List.<String[]>of(
                new String[] {"eval", relu.toString(), "-n", s(p.evalSamples), "--force"})));
        st.add(new Stage("relu-attack", "the nearest-error manifold attack from random points", List.<String[]>of(
                new String[] {"attack", relu.toString(), "--starts", s(p.attackStarts), "--max-iter", s(p.attackIter), "--force"})));
        st.add(new Stage("relu-slices", "2D slices through the origin", List.<String[]>of(new String[] {"slices", relu.toString(),
                "--adversarial", relu.resolve("attack/adversarial.npy").toString(), "--resolution", s(p.resolution), "--force"})));
        st.add(new Stage("relu-norms", "accuracy and attack success against the input norm", List.<String[]>of(new String[] {"norms",
                relu.toString(), "--count", s(p.normCount), "-n", s(p.normSamples), "--starts", s(p.normStarts), "--force"})));
        st.add(new Stage("d2", "the same net at d = 2: the learned boundary in the plane", List.of(
                train(d2, "--dim", "2", "--width", s(p.width), "--steps", s(p.d2Steps), "--checkpoint-every", s(p.d2Steps)),
                new String[] {"slices", d2.toString(), "--resolution", s(p.resolution), "--force"})));
        st.add(new Stage("quadratic-fixed", "the quadratic net on a fixed training set: alphas, CLT and exact error rates", List.of(
                train(quad, "--model", "quadratic", "--dim", s(p.quadDim), "--hidden", s(p.quadHidden), "--train-size", s(p.quadSize),
                        "--steps", s(p.quadSteps), "--checkpoint-every", s(p.quadSteps)),
                new String[] {"quadratic", "--run", quad.toString(), "-n", s(p.quadSamples), "--force"},
                new String[] {"eval", quad.toString(), "-n", s(p.quadSamples), "--force"})));
        st.add(new Stage("quadratic-online", "the quadratic net trained online", List.of(
                train(online, "--model", "quadratic", "--dim", s(p.quadDim), "--hidden", s(p.quadHidden), "--steps", s(p.quadSteps),
                        "--checkpoint-every", s(p.quadSteps)),
                new String[] {"quadratic", "--run", online.toString(), "-n", s(p.quadSamples), "--force"})));
        st.add(new Stage("perfect-init", "from the ideal sphere: average loss falls, worst-case loss rises", List.<String[]>of(
                train(perfect, "--model", "quadratic", "--init", "perfect", "--dim", s(p.quadDim), "--hidden", s(p.quadHidden),
                        "--train-size", s(p.perfectSize), "--steps", s(p.perfectSteps), "--checkpoint-every", s(p.perfectEvery)))));
        st.add(new Stage("fractions", "the share of alphas needed in range, against d", List.<String[]>of(new String[] {"quadratic",
                "--fractions", "--max-dim", s(p.maxDim), "--out", dir.resolve("fractions").toString(), "--force"})));
        st.add(new Stage("bound", "the theorem's optimal trade-off curve", List.<String[]>of(new String[] {"bound", "--dim",
                p.quadDim == p.dim ? s(p.dim) : s(p.dim) + "," + s(p.quadDim), "--out", dir.resolve("bound").toString(), "--force"})));
        List<String> tradeoff = new ArrayList<>(List.of("tradeoff"));
        tradeoff.addAll(Arrays.asList(p.tradeoff));
        Path tradeoffDir = dir.resolve("tradeoff");
        if (Files.isRegularFile(tradeoffDir.resolve("config.json"))) tradeoff = new ArrayList<>(List.of("tradeoff", "--resume"));
        tradeoff.addAll(List.of("--out", tradeoffDir.toString()));
        st.add(new Stage("tradeoff", "error rate against distance to the nearest error, beside the bound", List.<String[]>of(tradeoff.toArray(String[]::new))));
        Path sweepDir = dir.resolve("sweep");
        List<String> sweep = new ArrayList<>(List.of("sweep"));
        if (Files.isRegularFile(sweepDir.resolve("config.json"))) sweep.add("--resume");
        else sweep.addAll(Arrays.asList(p.sweep));
        sweep.addAll(List.of("--out", sweepDir.toString()));
        st.add(new Stage("sweep", "the same net at each d: the highest dimension without errors", List.<String[]>of(sweep.toArray(String[]::new))));
        return st;
    }
}
