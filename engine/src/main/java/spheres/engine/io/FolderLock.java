package spheres.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per run folder: an OS lock ({@link FileChannel#tryLock}) on {@code .lock} inside it, holding the writer's
 * PID. A second writer, in another process or this one, is refused with one line naming the holder. The OS releases the
 * lock when its process dies, so a killed run's folder is simply taken over. Closing deletes the file (a finished folder
 * holds only results).
 *
 * <p>Two POSIX rules shape the code. Closing any descriptor of a file drops all of the process's locks on it, so the
 * lock file is never opened twice while locked (no re-reading through the path), and writers in this JVM are told
 * apart by a set of held folders, not by a second lock. And a writer may lock the file in the instant its holder deletes
 * it; it then holds a lock on a file no longer at the path, which it sees (the path's file key changed) and refuses.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private final Path key, file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path key, Path file, FileChannel channel, FileLock lock) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (created if missing) or throws {@link IllegalStateException} naming the process that holds it. */
    public static FolderLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.toRealPath(), file = dir.resolve(FILE);
        if (!HELD.add(key)) throw inUse(dir, file, Long.toString(ProcessHandle.current().pid()));
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Object opened = fileKey(file);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ByteBuffer b = ByteBuffer.allocate(32);
                ch.read(b, 0);
                throw inUse(dir, file, new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip());
            }
            if (opened == null || !opened.equals(fileKey(file)))
                throw new IllegalStateException(dir + ": in use by another process (its lock " + file + " changed hands); try again");
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new FolderLock(key, file, ch, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            if (ch != null) ch.close();
            throw e;
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // gone
        }
    }

    private static IllegalStateException inUse(Path dir, Path file, String holder) {
        return new IllegalStateException(dir + ": in use by process " + (holder.isEmpty() ? "(unknown)" : holder)
                + " (its lock is " + file + "); wait for it to end or stop it");
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file); // while still locked: a writer that locks it now sees the path change
            lock.release();
        } finally {
            channel.close();
            HELD.remove(key);
        }
    }

    @Override
    public String toString() {
        return Objects.toString(file);
    }
}
