package spheres.engine.workflow;

import java.nio.file.Path;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;

/** The child of {@link CrashTest}: trains into a folder (args: folder, steps) with a checkpoint after every step, until killed. */
public final class CrashTrainer {
    private CrashTrainer() {}

    public static void main(String[] args) throws Exception {
        try (Backend be = new CpuBackend(1); TrainingRun run = TrainingRun.latest(be, CrashTest.config(), null, Path.of(args[0]))) {
            run.resume();
            System.out.println("started");
            System.out.flush();
            run.runTo(Long.parseLong(args[1]), 1, s -> {});
            run.checkpoint();
        }
    }
}
