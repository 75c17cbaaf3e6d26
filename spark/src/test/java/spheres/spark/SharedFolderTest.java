package spheres.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits through the Hadoop file system: whole or not at all, the first of two twins wins, checkpoints by step. */
class SharedFolderTest {
    @TempDir
    Path tmp;

    private Path folder(String name, String text) throws Exception {
        Path work = tmp.resolve(name), dir = Files.createDirectories(work.resolve("relu/attack"));
        Files.writeString(work.resolve("relu/eval.json"), "{\"model\" : \"" + work + "/relu/model.safetensors\"}\n");
        Files.writeString(dir.resolve("attack.csv"), text);
        Files.write(work.resolve("relu/model.safetensors"), new byte[] {0, 1, 2, (byte) 255});
        return work;
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFirstCommitWinsAndTheTwinLeavesNothing() throws Exception {
        Path run = tmp.resolve("run");
        SharedFolder shared = new SharedFolder(run.toUri().toString());
        Path a = folder("a", "first"), b = folder("b", "second");
        assertTrue(shared.commit(a.resolve("relu"), "relu", a.toString()));
        assertFalse(shared.commit(b.resolve("relu"), "relu", b.toString()), "a twin attempt's commit is dropped");
        assertEquals("first", Files.readString(run.resolve("relu/attack/attack.csv")));
        assertEquals(List.of("relu"), listing(run), "no temporary folder left");
        assertEquals(List.of("attack", "eval.json", "model.safetensors"), listing(run.resolve("relu")));
        assertEquals("{\"model\" : \"" + run + "/relu/model.safetensors\"}\n", Files.readString(run.resolve("relu/eval.json")),
                "text names the run folder, not the task's");
        assertEquals(4, Files.readAllBytes(run.resolve("relu/model.safetensors")).length);
    }

    @Test
    void theLatestCheckpointIsRestoredAndTheOlderOnesGo() throws Exception {
        Path run = tmp.resolve("run");
        SharedFolder shared = new SharedFolder(run.toString());
        Path a = folder("a", "step 3"), b = folder("b", "step 6");
        shared.saveCheckpoint(a.resolve("relu"), "relu", 3);
        shared.saveCheckpoint(b.resolve("relu"), "relu", 6);
        assertEquals(List.of("step-6"), listing(run.resolve(".checkpoints/relu")));
        Path restored = tmp.resolve("retry/relu");
        assertEquals(6, shared.restoreCheckpoint("relu", restored));
        assertEquals("step 6", Files.readString(restored.resolve("attack/attack.csv")));
        assertEquals(0, shared.restoreCheckpoint("d2", tmp.resolve("retry/d2")), "no checkpoint: a fresh start");
        shared.dropCheckpoints("");
        assertFalse(Files.exists(run.resolve(".checkpoints")));
    }
}
