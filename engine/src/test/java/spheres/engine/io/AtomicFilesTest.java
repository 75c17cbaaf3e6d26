package spheres.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheFileAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("a.bin"), listing());
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = dir.resolve("a.txt");
        Files.writeString(target, "old, and longer than the new");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("a.txt"), listing());
    }

    @Test
    void aFailureMidwayKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[200_000]); // past the buffer: bytes reach the temporary file
            throw new IOException("disk full");
        }));
        assertEquals(target + ": cannot be written (disk full); the previous file, if any, is unchanged: free disk space or check the folder"
                + " is writable, then run again", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void aRuntimeFailureLeavesNothingWhereNothingWas() throws IOException {
        Path target = dir.resolve("x.npy");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing());
    }

    @Test
    void theTemporariesOfAKilledWriterAreRemovedAndNothingElse() throws IOException {
        for (String name : new String[] {".model.safetensors.1f3a9c0e77d2b4a5.tmp", ".config.json.0.tmp", "notes.tmp", ".x.tmp", "a.txt"})
            Files.writeString(dir.resolve(name), "");
        AtomicFiles.removeTemporaries(dir);
        assertEquals(List.of(".x.tmp", "a.txt", "notes.tmp"), listing().stream().sorted().toList());
    }

    @Test
    void contentsMayCloseTheStream() throws IOException {
        Path target = dir.resolve("c.txt");
        AtomicFiles.write(target, out -> {
            out.write('x');
            out.close(); // as Jackson and ZipOutputStream do
        });
        assertEquals("x", Files.readString(target));
        assertEquals(List.of("c.txt"), listing());
    }

    @Test
    void aRelativeTargetWorks() throws IOException {
        Path target = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.txt"));
        AtomicFiles.write(target, out -> out.write('r'));
        assertEquals("r", Files.readString(dir.resolve("rel.txt")));
    }
}
