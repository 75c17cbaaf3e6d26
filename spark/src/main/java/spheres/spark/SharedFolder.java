package spheres.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A run folder on any Hadoop-compatible file system ({@code file://}, {@code hdfs://}, {@code s3a://}), seen from the
 * driver and from every task. The engine writes local files; a task works in a local folder and commits it here whole:
 * copied under a temporary name, then renamed, so a retried or speculative attempt never leaves half a run (the first
 * commit wins, a twin's copy is dropped). Checkpoints of an unfinished training go to {@code .checkpoints/<folder>/},
 * where a retried attempt, on any machine, resumes from them.
 *
 * <p>Result files name the folder they were written in (eval.json names its model, the logs their calls). A task's
 * text files are committed with its local folder's name replaced by the run's name, so they read as a single machine's
 * run in that folder would have written them.
 */
public final class SharedFolder implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Files whose text may name their folder; the others (safetensors, npy, png) are copied as they are. */
    private static final List<String> TEXT = List.of(".json", ".csv", ".log", ".md", ".done", ".txt");
    private static final String CHECKPOINTS = ".checkpoints";

    private final String root;

    public SharedFolder(String root) {
        this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    }

    /** The run folder as the user named it: a URI, or a local path. */
    public String root() {
        return root;
    }

    /** The local path of the folder when its file system is this machine's ({@code file:} or no scheme), else empty. */
    public Optional<Path> local() {
        URI u = URI.create(root);
        if (u.getScheme() == null) return Optional.of(Path.of(root).toAbsolutePath());
        return "file".equals(u.getScheme()) ? Optional.of(Path.of(u.getPath())) : Optional.empty();
    }

    /**
     * What result files call the run folder: its local path, as a local run with {@code --out PATH} names it; the URI
     * for a remote file system.
     */
    public String name() {
        return local().map(Path::toString).orElse(root);
    }

    private org.apache.hadoop.fs.Path path(String relative) {
        URI u = URI.create(root);
        String base = u.getScheme() == null ? Path.of(root).toAbsolutePath().toUri().toString() : root;
        return relative.isEmpty() ? new org.apache.hadoop.fs.Path(base) : new org.apache.hadoop.fs.Path(base + "/" + relative);
    }

    private FileSystem fs() throws IOException {
        FileSystem fs = path("").getFileSystem(new Configuration());
        // The local file system would add a .crc file beside every file: not what a local run writes.
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return fs;
    }

    public boolean exists(String relative) throws IOException {
        return fs().exists(path(relative));
    }

    /** The bytes of one file. */
    public byte[] read(String relative) throws IOException {
        try (InputStream in = fs().open(path(relative))) {
            return in.readAllBytes();
        }
    }

    /** Writes one file whole: a temporary name, then a rename over the old one. */
    public void write(String relative, byte[] bytes) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path target = path(relative), tmp = temporary(target);
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }

    /** Writes the local file {@code work/relative} as {@code relative}, whole, its text naming this folder where it named {@code work}. */
    public void writeFile(Path work, String relative) throws IOException {
        write(relative, rewrite(work.resolve(relative), work.toString()));
    }

    /**
     * Commits the local folder {@code from} as {@code relative}; false when another attempt committed it first (this
     * copy is then dropped). Text files get {@code localName} replaced by {@link #name()}.
     */
    public boolean commit(Path from, String relative, String localName) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path target = path(relative), tmp = temporary(target);
        upload(fs, from, tmp, localName);
        try {
            // FileContext's rename fails when the target exists; FileSystem's would move the folder inside it.
            FileContext.getFileContext(target.toUri(), new Configuration()).rename(tmp, target);
            return true;
        } catch (FileAlreadyExistsException e) {
            fs.delete(tmp, true);
            return false;
        }
    }

    /** Copies the committed folder {@code relative} (or the whole run, "") into the local folder {@code to}. */
    public void download(String relative, Path to) throws IOException {
        FileSystem fs = fs();
        download(fs, path(relative), to);
    }

    /** Saves the local folder {@code from} as the checkpoint at {@code step} of {@code relative}; older ones go once it stands. */
    public void saveCheckpoint(Path from, String relative, long step) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path dir = path(CHECKPOINTS + "/" + relative), target = new org.apache.hadoop.fs.Path(dir, "step-" + step);
        org.apache.hadoop.fs.Path tmp = temporary(target);
        upload(fs, from, tmp, null);
        fs.delete(target, true);
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
        for (FileStatus s : fs.listStatus(dir)) {
            Long other = checkpointStep(s);
            if (other != null && other < step) fs.delete(s.getPath(), true);
        }
    }

    /** Copies the latest checkpoint of {@code relative} into {@code to}; returns its step, or 0 when there is none. */
    public long restoreCheckpoint(String relative, Path to) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path dir = path(CHECKPOINTS + "/" + relative);
        if (!fs.exists(dir)) return 0;
        FileStatus latest = null;
        long best = 0;
        for (FileStatus s : fs.listStatus(dir)) {
            Long step = checkpointStep(s);
            if (step != null && step > best) {
                best = step;
                latest = s;
            }
        }
        if (latest != null) download(fs, latest.getPath(), to);
        return best;
    }

    /** Drops the checkpoints of a committed folder ("": every folder's, once the plan's tasks are done). */
    public void dropCheckpoints(String relative) throws IOException {
        fs().delete(path(CHECKPOINTS + "/" + relative), true);
    }

    private static Long checkpointStep(FileStatus s) {
        String n = s.getPath().getName();
        return s.isDirectory() && n.matches("step-\\d+") ? Long.valueOf(n.substring(5)) : null;
    }

    /** A sibling name no other attempt uses. */
    private static org.apache.hadoop.fs.Path temporary(org.apache.hadoop.fs.Path target) {
        return new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    }

    private void upload(FileSystem fs, Path from, org.apache.hadoop.fs.Path to, String localName) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(from)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        fs.mkdirs(to);
        for (Path f : files) {
            byte[] bytes = localName == null ? Files.readAllBytes(f) : rewrite(f, localName);
            try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(to, from.relativize(f).toString()), true)) {
                out.write(bytes);
            }
        }
    }

    /** The bytes of a local file; a text file's with {@code localName} replaced by {@link #name()}. */
    private byte[] rewrite(Path file, String localName) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String n = file.getFileName().toString();
        if (TEXT.stream().noneMatch(n::endsWith)) return bytes;
        return new String(bytes, StandardCharsets.UTF_8).replace(localName, name()).getBytes(StandardCharsets.UTF_8);
    }

    private static void download(FileSystem fs, org.apache.hadoop.fs.Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (FileStatus s : fs.listStatus(from)) {
            Path local = to.resolve(s.getPath().getName());
            if (s.isDirectory()) {
                download(fs, s.getPath(), local);
            } else {
                try (InputStream in = fs.open(s.getPath())) {
                    Files.write(local, in.readAllBytes());
                }
            }
        }
    }
}
