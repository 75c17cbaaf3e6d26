import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;

/**
 * The cost of one checkpoint of the paper's ReLU net (d 500, 2 x 1000 with batch norm, 1.5 M parameters): a training
 * step, then the checkpoint timed, repeated; prints the median and quartiles in ms and the bytes on disk. It compiles
 * against the engine of any commit: where {@code TrainingRun} exists (issue 16's atomic unit: staged weights, their
 * CRC32C, the optimizer as the commit, the rename) it times {@code TrainingRun.checkpoint()}; before it, the two files as
 * that code wrote them ({@code Checkpoint.saveModel}, then {@code saveOptimizer}). Run it with overhead.sh.
 */
public final class CheckpointTiming {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]), warmup = 5;
        Files.createDirectories(dir);
        double[] ms = new double[reps];
        try (Backend be = new CpuBackend(1)) {
            TrainConfig config = TrainConfig.paperRelu();
            Class<?> runs = classOrNull("spheres.engine.workflow.TrainingRun");
            Object run = null;
            Trainer trainer;
            if (runs != null) {
                run = runs.getMethod("latest", Backend.class, TrainConfig.class, classOrNull("spheres.engine.workflow.LabeledPoints"), Path.class)
                        .invoke(null, be, config, null, dir);
                trainer = (Trainer) runs.getMethod("trainer").invoke(run);
            } else {
                trainer = new Trainer(be, config);
            }
            Method checkpoint = runs != null ? runs.getMethod("checkpoint") : Checkpoint.class.getMethod("saveOptimizer", Path.class, Trainer.class);
            for (int i = -warmup; i < reps; i++) {
                trainer.step();
                long t0 = System.nanoTime();
                if (run != null) {
                    checkpoint.invoke(run);
                } else {
                    Checkpoint.saveModel(dir.resolve("model.safetensors"), trainer.model(), config);
                    checkpoint.invoke(null, dir.resolve("optimizer.safetensors"), trainer);
                }
                if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            if (run != null) ((AutoCloseable) run).close();
        }
        Arrays.sort(ms);
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.filter(p -> p.toString().endsWith(".safetensors")).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("%s checkpoint: median %.1f ms (quartiles %.1f-%.1f) over %d, %d bytes on disk%n",
                classOrNull("spheres.engine.workflow.TrainingRun") != null ? "unit" : "two files", ms[reps / 2], ms[reps / 4], ms[3 * reps / 4], reps, bytes);
    }

    private static Class<?> classOrNull(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
