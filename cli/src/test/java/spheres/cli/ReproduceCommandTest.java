package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.experiment.Bound;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Evaluation;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.Preset;
import spheres.engine.sweep.Sweep;
import spheres.engine.sweep.SweepPoint;
import spheres.engine.sweep.SweepResult;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainedModel;

/**
 * The smoke preset end to end, run once: every stage runs, the report lists each, a resumed run redoes nothing, and
 * {@code spheres plot} redraws every figure of the run from its saved data.
 */
class ReproduceCommandTest {
    private static final String[] STAGES = {"relu-train", "relu-eval", "relu-attack", "relu-slices", "relu-norms", "d2", "quadratic-fixed",
            "quadratic-online", "perfect-init", "fractions", "bound", "tradeoff", "sweep"};

    @TempDir
    static Path dir;
    static Path out;

    @BeforeAll
    static void runSmokePreset() {
        out = dir.resolve("r");
        StringBuilder err = new StringBuilder(), log = new StringBuilder();
        assertEquals(0, CliRun.run(err, log, "reproduce", "--preset", "smoke", "--out", out.toString(), "--threads", "1", "--quiet"), err + "\n" + log);
    }

    @Test
    void everyStageRunsAndTheReportListsIt() throws Exception {
        String report = Files.readString(out.resolve("report.md"));
        for (String stage : STAGES) {
            assertTrue(report.contains("| " + stage + " |"), stage + " missing from the report");
            assertTrue(Files.isRegularFile(out.resolve(".stages/" + stage + ".done")), stage);
        }
        assertFalse(report.contains("| not run |"), "every claim has a figure:\n" + report);
        assertTrue(report.contains("![relu/figures/slices.png](relu/figures/slices.png)"), report);
        assertTrue(Files.isRegularFile(out.resolve("quadratic/figures/alphas.png")));
        assertTrue(report.contains("| ReLU net: dimension d | 6 | 500 |"), "the scaled-down sizes beside the paper's:\n" + report);
        assertTrue(report.contains("## Machine\n\n- CPU: "), report);
    }

    /** The plan's typed calls write what the engine computes when called directly with the preset's values. */
    @Test
    void stagesHoldWhatDirectEngineCallsGive() throws Exception {
        Preset p = Preset.named("smoke");
        try (Backend b = new CpuBackend(1)) {
            TrainedModel relu = TrainedModel.load(b, out.resolve("relu"));
            assertEquals(p.relu().spec(), relu.spec(), "the preset's net was trained");
            Evaluation.Result eval = Evaluation.Result.read(out.resolve("relu").resolve(Evaluation.JSON));
            try (Evaluator ev = new Evaluator(b, relu.net(), p.relu().dim(), p.relu().radius(), Streams.DEFAULT_SEED, 10_000)) {
                assertEquals(ev.errors(false, 0, p.evalSamples()), eval.inner().errors());
                assertEquals(ev.errors(true, 0, p.evalSamples()), eval.outer().errors());
            }
            Path direct = dir.resolve("direct");
            Sweep sweep = Sweep.start(direct, p.sweep(), Environment.machine());
            assertEquals(sweep.run(b, new Sweep.Progress() {
                public void trained(int d, long step) {}

                public void measured(SweepPoint point) {}
            }), SweepResult.read(out.resolve("sweep")), "the sweep stage: its result, read back from its files");
        }
        assertEquals(Bound.run(Bound.Config.grid(new int[] {p.relu().dim()}, 0.5, 1e-30, 4)).curves().get(0).size(),
                Bound.Result.read(out.resolve("bound")).curves().get(0).size());
    }

    @Test
    void aResumedRunRedoesNothingAndAFinishedOneIsNotOverwritten() throws Exception {
        StringBuilder err = new StringBuilder(), log = new StringBuilder();
        long before = Files.getLastModifiedTime(out.resolve("relu/model.safetensors")).toMillis();
        assertEquals(0, CliRun.run(err, log, "reproduce", "--preset", "smoke", "--out", out.toString(), "--resume", "--progress=never"),
                err.toString());
        assertEquals("", log.toString(), "stdout is for --json only");
        assertEquals(STAGES.length, err.toString().lines().filter(l -> l.endsWith("done earlier, skipped")).count(), err.toString());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("relu/model.safetensors")).toMillis(), "nothing redone");

        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "reproduce", "--preset", "smoke", "--out", out.toString()));
        assertTrue(err.toString().contains("pass --force"), err.toString());
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "reproduce", "--preset", "huge", "--out", dir.resolve("x").toString()));
        assertEquals("spheres: --preset huge: accepted: quick, paper, smoke", err.toString().strip());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written for a refused run");
    }

    @Test
    void plotRedrawsEveryFigureOfTheRunFromItsData() throws Exception {
        Map<Path, byte[]> drawn = new LinkedHashMap<>();
        for (Path png : pngs()) drawn.put(png, Files.readAllBytes(png));
        // One figure per kind at least: slices (relu, d2), norms, alphas (2), losses (3), fractions (2), bound, tradeoff, sweep.
        assertTrue(drawn.size() >= 13, "figures of the run: " + drawn.keySet());
        for (Path png : drawn.keySet()) Files.delete(png);

        StringBuilder err = new StringBuilder(), log = new StringBuilder();
        assertEquals(0, CliRun.run(err, log, "plot", out.toString()), err.toString());
        assertTrue(err.toString().contains(drawn.size() + " figures redrawn"), err.toString());
        for (Map.Entry<Path, byte[]> f : drawn.entrySet()) {
            assertTrue(Files.isRegularFile(f.getKey()), f.getKey() + " not redrawn");
            // The commands draw through the same code from the same files: the redrawn figure is the same image.
            assertArrayEquals(f.getValue(), Files.readAllBytes(f.getKey()), f.getKey() + " differs from the run's figure");
        }

        Path slices = out.resolve("relu/figures/slices.png"), bound = out.resolve("bound/figures/bound.png");
        Files.delete(slices);
        Files.delete(bound);
        log.setLength(0);
        err.setLength(0);
        assertEquals(0, CliRun.run(err, log, "plot", out.toString(), "--only", "slices"), err.toString());
        assertTrue(Files.isRegularFile(slices));
        assertFalse(Files.exists(bound), "--only slices draws slices only");
        assertEquals(2, err.toString().lines().filter(l -> l.startsWith("redrawn")).count(), err.toString()); // relu and d2
    }

    @Test
    void plotRefusesWhatItCannotDraw() throws Exception {
        StringBuilder err = new StringBuilder();
        assertEquals(3, CliRun.run(err, null, "plot", out.toString(), "--only", "pie"));
        assertEquals("spheres: --only pie: accepted: slices, norms, alphas, losses, fractions, bound, tradeoff, sweep", err.toString().strip());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "plot", empty.toString()));
        assertTrue(err.toString().startsWith("spheres: " + empty + ": holds no saved figure data"), err.toString());

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("bound.csv"), "dim,mu,threshold,d_opt,d_gaussian,gaussian_over_exact\n100,0.5,x,0.04,0.04,1\n");
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "plot", broken.toString()));
        assertEquals("spheres: " + broken.resolve("bound.csv") + ": row 1, column 'threshold': 'x' is not a number", err.toString().strip());
        assertFalse(Files.exists(broken.resolve("figures/bound.png")), "nothing drawn from a broken file");

        // A broken file costs its own figure only; an empty train.csv (a run killed before its first line) is no figure.
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.createDirectories(mixed.resolve("good"));
        Files.copy(out.resolve("bound/bound.csv"), mixed.resolve("good/bound.csv"));
        Files.createDirectories(mixed.resolve("bad"));
        Files.copy(broken.resolve("bound.csv"), mixed.resolve("bad/bound.csv"));
        Files.createDirectories(mixed.resolve("killed"));
        Files.writeString(mixed.resolve("killed/train.csv"), "");
        err.setLength(0);
        StringBuilder log = new StringBuilder();
        assertEquals(3, CliRun.run(err, log, "plot", mixed.toString()));
        assertTrue(Files.isRegularFile(mixed.resolve("good/figures/bound.png")), log.toString());
        assertTrue(err.toString().contains("bad/bound.csv: row 1, column 'threshold'"), err.toString());
        assertTrue(err.toString().contains("1 figures redrawn") && err.toString().contains("1 not, their data broken"), err.toString());
    }

    @Test
    void plotFollowsARunGivenAsALink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), out);
        StringBuilder err = new StringBuilder(), log = new StringBuilder();
        assertEquals(0, CliRun.run(err, log, "plot", link.toString(), "--only", "bound"), err.toString());
        assertTrue(err.toString().contains("1 figures redrawn"), err.toString());
    }

    /** The charts as vectors for a paper; the slices stay pixels; an unknown format is refused in one line. */
    @Test
    void plotWritesSvgAndPdf() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("vector"));
        Files.copy(out.resolve("bound/bound.csv"), copy.resolve("bound.csv"));
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "plot", copy.toString(), "--format", "svg"), err.toString());
        assertTrue(Files.readString(copy.resolve("figures/bound.svg")).contains("<svg"));
        assertEquals(0, CliRun.run(err, null, "plot", copy.toString(), "--format", "pdf", "--quiet"), err.toString());
        assertTrue(Files.readString(copy.resolve("figures/bound.pdf"), java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF"));
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "plot", copy.toString(), "--format", "gif"));
        assertEquals("spheres: --format gif: accepted: png, svg, pdf", err.toString().strip());
    }

    /** One key style in every JSON file we write (snake_case; names such as stage names aside), and a schema field in each. */
    @Test
    void everyJsonFileHasSnakeCaseKeysAndASchema() throws Exception {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = Json.MAPPER.readTree(f.toFile());
                String where = out.relativize(f).toString();
                if (!root.path("schema").asText().matches("spheres\\.[A-Za-z.]+/\\d+")) bad.add(where + ": no schema");
                keys(root, where, bad);
            }
        }
        assertEquals(List.of(), bad);
    }

    private static void keys(JsonNode node, String where, List<String> bad) {
        if (node.isArray()) node.forEach(n -> keys(n, where, bad));
        if (!node.isObject()) return;
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().matches("[a-z0-9_.\\-]+")) bad.add(where + ": " + e.getKey());
            keys(e.getValue(), where, bad);
        });
    }

    private static List<Path> pngs() throws Exception {
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }
}
