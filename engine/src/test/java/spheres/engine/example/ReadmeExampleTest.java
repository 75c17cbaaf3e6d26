package spheres.engine.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.TrainingRun;

/** The README's Java example is {@link UsingTheEngine} word for word, and it runs. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    /** The lines between the markers, without their common indent. */
    private static String example() throws Exception {
        Path source = Path.of("src/test/java/spheres/engine/example/UsingTheEngine.java");
        List<String> lines = Files.readAllLines(source);
        int from = lines.indexOf("    // README-BEGIN"), to = lines.indexOf("    // README-END");
        assertTrue(from >= 0 && to > from, "markers in " + source);
        return lines.subList(from + 1, to).stream().map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void theReadmeQuotesTheExample() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String example = example();
        assertTrue(readme.contains("```java\n" + example + "\n```"),
                "README.md's section \"Using the engine from Java\" must quote UsingTheEngine between its markers:\n" + example);
    }

    @Test
    void theExampleTrainsEvaluatesAndAttacks() throws Exception {
        UsingTheEngine.Outcome o = UsingTheEngine.run(dir);
        assertEquals(300, Checkpoint.step(dir.resolve(TrainingRun.OPTIMIZER)), "trained to the end and checkpointed");
        assertEquals(100_000, o.inner().samples());
        assertTrue(o.inner().rate() < 0.5 && o.outer().rate() < 0.5, "better than chance: " + o);
        assertEquals(50, o.attack().starts());
        UsingTheEngine.Outcome again = UsingTheEngine.run(dir);
        assertEquals(o, again, "run again on the same folder: resumed at step 300, nothing trained, the same numbers");
    }
}
