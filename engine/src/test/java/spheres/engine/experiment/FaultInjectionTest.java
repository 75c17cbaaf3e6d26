package spheres.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.FormatException;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.engine.workflow.TrainingRun;

/**
 * Fault injection in the spirit of SQLite's: a training run with checkpoints is repeated with its nth write, fsync or
 * rename failing as on a full disk, for every n the uninterrupted run makes. Each time the failure is one line naming
 * the file, no temporary file is left (a run that fails before its first checkpoint leaves no folder), and the folder then either resumes to the bytes of the uninterrupted run, with
 * each step logged once, or is refused in one line.
 */
class FaultInjectionTest {
    private static final long STEPS = 6;

    @TempDir
    Path dir;

    private static Training.Config config(Path run, boolean resume) {
        TrainConfig c = new TrainConfig(ModelKind.RELU, 6, 1.3f, 8, 2, true, 8, 10, 1e-2f, STEPS, 0, true, 3).validate();
        return new Training.Config(c, run, null, null, 2, 1, 1, resume);
    }

    private static void train(Path run, boolean resume) throws IOException {
        try (Backend be = new CpuBackend(1)) {
            Training.run(be, config(run, resume), null, new Training.Listener() {
                public void started(TrainingRun r, long resumedAt) {}

                public void stepped(Trainer.Step step, double loss, double accuracy) {}
            });
        }
    }

    private static List<String> leftovers(Path run) throws IOException {
        if (!Files.isDirectory(run)) return List.of();
        try (Stream<Path> files = Files.list(run)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.equals(TrainingRun.STAGED)).toList();
        }
    }

    @Test
    void everyFailedWriteFsyncOrRenameLeavesAFolderThatResumesToTheSameBytesOrIsRefused() throws Exception {
        Map<AtomicFiles.Op, Integer> calls = new EnumMap<>(AtomicFiles.Op.class);
        Path whole = dir.resolve("whole");
        try (AutoCloseable counting = AtomicFiles.inject((op, file) -> calls.merge(op, 1, Integer::sum))) {
            train(whole, false);
        }
        byte[] model = Files.readAllBytes(whole.resolve(TrainingRun.MODEL)), optimizer = Files.readAllBytes(whole.resolve(TrainingRun.OPTIMIZER));
        int injected = 0, resumed = 0, refused = 0, noFolder = 0;
        for (AtomicFiles.Op kind : AtomicFiles.Op.values()) {
            assertTrue(calls.getOrDefault(kind, 0) >= 3, "a run with three checkpoints makes at least three of " + kind + ": " + calls);
            for (int n = 1; n <= calls.get(kind); n++) {
                Path run = dir.resolve(kind + "-" + n);
                int nth = n;
                int[] seen = {0};
                try (AutoCloseable fault = AtomicFiles.inject((op, file) -> {
                    if (op == kind && ++seen[0] == nth) throw new IOException("No space left on device");
                })) {
                    IOException e = assertThrows(IOException.class, () -> train(run, false), kind + " " + nth);
                    assertTrue(e.getMessage().contains(": cannot be written (No space left on device); "), e.getMessage());
                    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                }
                injected++;
                if (!Files.exists(run)) noFolder++; // failed before its first checkpoint: nothing left to block a rerun
                assertEquals(List.of(), leftovers(run).stream().filter(f -> f.endsWith(".tmp")).toList(), kind + " " + nth + ": temporary files left");
                try {
                    train(run, true);
                } catch (FormatException e) {
                    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                    refused++;
                    continue;
                }
                String where = kind + " " + nth + " failed, then resumed";
                assertArrayEquals(model, Files.readAllBytes(run.resolve(TrainingRun.MODEL)), where);
                assertArrayEquals(optimizer, Files.readAllBytes(run.resolve(TrainingRun.OPTIMIZER)), where);
                assertEquals(List.of(), leftovers(run), where);
                List<String> log = Files.readAllLines(run.resolve(Training.LOG), StandardCharsets.UTF_8);
                assertEquals(LongStream.rangeClosed(1, STEPS).boxed().toList(),
                        log.stream().skip(1).map(l -> Long.parseLong(l.substring(0, l.indexOf(',')))).toList(), where + ": each step logged once");
                resumed++;
            }
        }
        System.err.printf("FaultInjectionTest: %d faults injected (%s), %d resumed to the uninterrupted bytes (%d of them from no folder),"
                + " %d refused in one line%n", injected, calls, resumed, noFolder, refused);
        assertEquals(injected, resumed + refused);
    }
}
