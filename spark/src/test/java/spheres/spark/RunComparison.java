package spheres.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Preset;
import spheres.engine.experiment.Reproduction;
import spheres.engine.experiment.ReproductionReport;
import spheres.figures.Figures;
import spheres.figures.Format;

/** Two run folders hold the same files with the same bytes, but for the timings listed in {@link #normalize}. */
final class RunComparison {
    private static final Reproduction.Listener QUIET = new Reproduction.Listener() {
        public void stage(int index, int count, Reproduction.Stage stage, boolean skipped) {}

        public void training(String task, long done, long total) {}

        public void written(Path folder) {}

        public void finished(Reproduction.Stage stage, double seconds) {}
    };

    private RunComparison() {}

    /** The local run, as {@code spheres reproduce --preset smoke --threads 1} runs it: its files, report and figures. */
    static Path localSmokeRun(Path dir) throws IOException {
        Preset p = Preset.named("smoke");
        List<Reproduction.Stage> stages = Reproduction.stages(p, dir);
        try (Backend backend = Backends.open("cpu", 1)) {
            Map<String, Double> seconds = Reproduction.run(dir, stages, new Reproduction.Context(backend, Environment.of(backend, 1), QUIET));
            Figures.Redrawn drawn = Figures.redraw(dir, EnumSet.allOf(Figures.Kind.class), Format.PNG, f -> {});
            assertTrue(drawn.count() >= 10 && drawn.broken().isEmpty(), drawn.toString());
            ReproductionReport.write(dir, p, seconds, stages);
        }
        return dir;
    }

    static void assertSameRun(Path expected, Path actual) throws IOException {
        assertSameRun(expected, actual, Set.of());
    }

    /** The same, but the logs named in {@code resumed} hold an earlier attempt's entries before the expected ones. */
    static void assertSameRun(Path expected, Path actual, Set<String> resumed) throws IOException {
        assertSameRun(expected, actual, actual.toString(), resumed);
    }

    /**
     * The same, for a run whose files call its folder {@code actualName} (a URI where the folder was named by one) and
     * whose bytes lie in {@code actual}.
     */
    static void assertSameRun(Path expected, Path actual, String actualName, Set<String> resumed) throws IOException {
        TreeMap<String, String> a = texts(expected), b = texts(actual);
        assertEquals(a.keySet(), b.keySet(), "the files of the run folders");
        List<String> differ = new ArrayList<>();
        for (String f : a.keySet()) {
            String want = normalize(f, a.get(f), expected.toString()), got = normalize(f, b.get(f), actualName);
            if (resumed.contains(f) ? !(got.endsWith(want) && got.length() > want.length()) : !want.equals(got)) differ.add(f);
        }
        if (!differ.isEmpty()) assertEquals(normalize(differ.get(0), a.get(differ.get(0)), expected.toString()),
                normalize(differ.get(0), b.get(differ.get(0)), actualName), "files that differ beyond timings: " + differ);
    }

    /** Every file, its bytes as ISO-8859-1 text (one char per byte, so binary files compare byte for byte). */
    private static TreeMap<String, String> texts(Path dir) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator)
                m.put(dir.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        return m;
    }

    /**
     * What may differ between two runs of the same plan: the run folder's own path (results and logs name it), and the
     * timings: a stage's seconds ({@code .stages/*.done}, report.md's stage table and total), {@code seconds} and speeds
     * ({@code *_per_s}) in the JSON results, {@code examples_per_s} in train.csv.
     */
    private static String normalize(String file, String text, String name) {
        String t = text.replace(name, "<run>");
        if (file.startsWith(".stages/")) return t.matches("\\d+\\.\\d\\n") ? "<seconds>" : t;
        if (file.endsWith(".json")) return t.replaceAll("\"(seconds|[a-z_]+_per_s)\" : [-0-9.eE]+", "\"$1\" : <t>");
        if (file.endsWith("train.csv")) return t.replaceAll("(?m)^(\\d+,[^,]*,[^,]*,)[0-9.]+", "$1<t>");
        if (file.equals("report.md")) return t.replaceAll("\\| [0-9.]+ \\| `", "| <t> | `").replaceAll("All stages: [0-9.]+ s", "All stages: <t> s");
        return t;
    }
}
