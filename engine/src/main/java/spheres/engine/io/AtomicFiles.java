package spheres.engine.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers only ever see the old content or the complete new one: the bytes go to a hidden
 * temporary file in the same directory ({@code .<name>.<random>.tmp}), which is fsynced and then renamed over the
 * target in one atomic step; the directory is fsynced after, where the platform allows. If writing fails, the
 * temporary file is deleted and the target is left as it was. Replacing an existing target is the caller's
 * decision (the CLI refuses without {@code --force}). A failure is an {@link IOException} naming the target and what to
 * do.
 *
 * <p>Every write, fsync and rename goes through one seam, {@link Faults}, so that tests can fail the nth of them as a
 * full disk or a dying device would, and check that every outcome is the old state or the new one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** The calls of an atomic write that a real disk can fail. */
    public enum Op { WRITE, FSYNC, RENAME }

    /** Called before each {@link Op}; throwing makes that call fail (a test's fault, never set in production). */
    @FunctionalInterface
    public interface Faults {
        void before(Op op, Path file) throws IOException;
    }

    private static final Faults NONE = (op, file) -> {};
    private static volatile Faults faults = NONE;

    /** Routes this JVM's atomic writes through {@code f} until the returned handle is closed. */
    public static AutoCloseable inject(Faults f) {
        faults = f;
        return () -> faults = NONE;
    }

    /** What to write; the stream is buffered, and closing it is allowed but not needed. */
    @FunctionalInterface
    public interface Contents {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Contents contents) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        Path tmp;
        while (true) {
            tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // Not Files.createTempFile: it makes the file 0600; this one gets the usual umask permissions.
                Files.createFile(tmp);
                break;
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            } catch (IOException e) {
                throw failed(target, e);
            }
        }
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new Unclosable(Channels.newOutputStream(channel), target), 1 << 16);
                contents.writeTo(out);
                out.flush();
                faults.before(Op.FSYNC, target);
                channel.force(true);
            }
            faults.before(Op.RENAME, target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            if (t instanceof IOException io && !(t instanceof FormatException)) throw failed(target, io);
            throw t;
        }
        syncDirectory(dir);
    }

    /**
     * Deletes the temporary files that writes into {@code dir} left when their process was killed (a kill skips the
     * clean-up); only for a folder its caller holds ({@link FolderLock}), where no write is under way.
     */
    public static void removeTemporaries(Path dir) throws IOException {
        try (var files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) if (TEMPORARY.matcher(f.getFileName().toString()).matches()) Files.deleteIfExists(f);
        }
    }

    /** The names {@link #write} gives its temporary files. */
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    /** Renames {@code from} over {@code to} in one atomic step (a file staged beside its target), made durable. */
    public static void rename(Path from, Path to) throws IOException {
        try {
            faults.before(Op.RENAME, to);
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failed(to, e);
        }
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** The failure of a write, in one line: the file, the system's reason, and what to do; the cause kept for --verbose. */
    private static IOException failed(Path target, IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return new IOException(target + ": cannot be written (" + reason + "); the previous file, if any, is unchanged: free disk space"
                + " or check the folder is writable, then run again", e);
    }

    /** Makes the rename itself durable; Linux and macOS allow it, Windows refuses to open a directory: skip there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // best effort: the file content is already durable
        }
    }

    /** Lets writers (Jackson, ZipOutputStream) close their stream without closing the channel before the fsync. */
    private static final class Unclosable extends FilterOutputStream {
        private final Path target;

        Unclosable(OutputStream out, Path target) {
            super(out);
            this.target = target;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            faults.before(Op.WRITE, target);
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
