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
 * decision (the CLI refuses without {@code --force}).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

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
            }
        }
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new Unclosable(Channels.newOutputStream(channel)), 1 << 16);
                contents.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        syncDirectory(dir);
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
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
