package spheres.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads that run the blocks of one job at a time; the calling thread takes blocks too.
 *
 * <p>Blocks are independent and each is computed whole by one thread, so which thread takes which block never
 * changes a result: determinism comes from how callers cut the work, not from scheduling. Idle workers spin for a
 * few microseconds (a training step issues many short jobs back to back), then park.
 */
public final class WorkerPool implements AutoCloseable {
    private static final long SPIN_NANOS = 50_000;

    /** One job: its own counters, so that a late worker of an old job can never take blocks of a new one. */
    private static final class Job {
        final int blocks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int blocks, IntConsumer body) {
            this.blocks = blocks;
            this.body = body;
        }

        void work() {
            int i;
            while ((i = next.getAndIncrement()) < blocks) {
                try {
                    if (failure.get() == null) body.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final Thread[] workers;
    private volatile Job job;
    private volatile boolean closed;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + ": must be >= 1");
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            Thread t = new Thread(this::loop, "spheres-cpu-" + (w + 1));
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code body(0 .. blocks-1)} across the pool and returns when all are done; rethrows the first failure. */
    public void run(int blocks, IntConsumer body) {
        if (blocks <= 0) return;
        if (workers.length == 0 || blocks == 1) {
            for (int i = 0; i < blocks; i++) body.accept(i);
            return;
        }
        Job j = new Job(blocks, body);
        job = j;
        for (Thread t : workers) LockSupport.unpark(t);
        j.work();
        while (j.done.get() < blocks) Thread.onSpinWait();
        Throwable f = j.failure.get();
        if (f instanceof RuntimeException) throw (RuntimeException) f;
        if (f instanceof Error) throw (Error) f;
        if (f != null) throw new IllegalStateException(f);
    }

    private void loop() {
        Job seen = null;
        while (!closed) {
            Job j = job;
            if (j != null && j != seen) {
                seen = j;
                j.work();
                continue;
            }
            long start = System.nanoTime();
            while (job == seen && !closed && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
            if (job == seen && !closed) LockSupport.parkNanos(this, 1_000_000);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) LockSupport.unpark(t);
    }
}
