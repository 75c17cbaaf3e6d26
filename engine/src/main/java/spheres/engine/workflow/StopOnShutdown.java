package spheres.engine.workflow;

/**
 * Ctrl-C as a stop at a checkpoint: while open, the JVM's shutdown (SIGINT, SIGTERM) asks the watched
 * {@link TrainingRun} to stop, then waits for the thread that opened this (the one training) to write its checkpoint
 * before the JVM exits. Closed after a normal end, it lets the JVM go at once; after a stop it stays registered, so the
 * exit that follows still waits for the training thread.
 */
public final class StopOnShutdown implements AutoCloseable {
    /** How long the shutdown waits for the checkpoint: a run's last one, not a whole run. */
    private static final long WAIT_MS = 60_000;

    private final Thread hook;
    private volatile TrainingRun run;

    public StopOnShutdown() {
        Thread training = Thread.currentThread();
        hook = new Thread(() -> {
            TrainingRun r = run;
            if (r != null) r.requestStop();
            try {
                training.join(WAIT_MS); // let the loop write its checkpoint before the JVM exits
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run a shutdown stops, once it is built (before that, a shutdown waits for the thread alone). */
    public void watch(TrainingRun run) {
        this.run = run;
    }

    @Override
    public void close() {
        TrainingRun r = run;
        // A stopped run's hook is running, or about to: removing it then throws (the JVM is shutting down).
        if (r == null || !r.stopRequested()) Runtime.getRuntime().removeShutdownHook(hook);
    }
}
