package spheres.engine.workflow;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Errors among n samples, with the exact (Clopper-Pearson) two-sided 95% interval for the rate; with no error the
 * one-sided 95% upper bound {@code 1 - 0.05^(1/n)} (about 3/n) is the figure to report.
 */
public record ErrorRate(long errors, long samples) {
    public ErrorRate {
        if (samples < 0 || errors < 0 || errors > samples)
            throw new IllegalArgumentException("errors " + errors + " of " + samples + " samples");
    }

    public double rate() {
        return samples == 0 ? Double.NaN : (double) errors / samples;
    }

    public double lower95() {
        return errors == 0 ? 0 : new BetaDistribution(null, errors, samples - errors + 1).inverseCumulativeProbability(0.025);
    }

    public double upper95() {
        return errors == samples ? 1 : new BetaDistribution(null, errors + 1, samples - errors).inverseCumulativeProbability(0.975);
    }

    /** The one-sided 95% upper bound when no error was seen: {@code 1 - 0.05^(1/n)}. */
    public double upperBoundIfNone() {
        return -Math.expm1(Math.log(0.05) / samples);
    }
}
