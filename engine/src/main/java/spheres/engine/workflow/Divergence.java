package spheres.engine.workflow;

import java.util.Locale;

/**
 * The divergence rule of a training run: it has diverged when one step's mean loss is above {@link #LOSS_BOUND}, or when
 * its accuracy has stayed at chance (at most {@link #CHANCE}, averaged over blocks of {@link #BLOCK} steps) for
 * {@link #LONG} steps in a row. A run that knows nothing has a loss of ln 2 = 0.69 and an accuracy of 0.5; a loss of 100
 * takes logits of about 100 on the wrong side, weights that blew up (an {@code --lr} far too large), and a net that
 * learned nothing in 5000 steps is not learning. The rule warns and is recorded (train.csv, the run's outcome); it does
 * not stop the run, which the NaN rule does when the numbers stop being numbers. A resumed run judges its own steps.
 */
public final class Divergence {
    public static final double LOSS_BOUND = 100, CHANCE = 0.55;
    /** Accuracy is judged on block means: one batch's fraction is too noisy (at batch 50, 0.5 +- 0.07). */
    public static final int BLOCK = 500;
    public static final long LONG = 5000;

    private double blockAccuracy;
    private int blockSteps;
    private long atChance;
    private String verdict;

    /** Takes one step; returns the verdict the first time the rule holds, null otherwise (and ever after). */
    public String observe(Trainer.Step step) {
        if (verdict != null) return null;
        if (step.loss() > LOSS_BOUND) {
            verdict = String.format(Locale.ROOT, "step %d: the loss is %.3g, above %s (chance is 0.69): the run diverged; a smaller --lr may help",
                    step.step(), step.loss(), LOSS_BOUND);
            return verdict;
        }
        blockAccuracy += step.accuracy();
        if (++blockSteps < BLOCK) return null;
        double mean = blockAccuracy / blockSteps;
        atChance = mean <= CHANCE ? atChance + blockSteps : 0;
        blockAccuracy = 0;
        blockSteps = 0;
        if (atChance < LONG) return null;
        verdict = String.format(Locale.ROOT, "step %d: the accuracy has been at chance (%.3f <= %s) for the last %d steps: the run is not learning",
                step.step(), mean, CHANCE, atChance);
        return verdict;
    }

    /** The verdict, or null while the run has not diverged. */
    public String verdict() {
        return verdict;
    }
}
