package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import spheres.engine.workflow.ErrorRate;

/**
 * An error rate as the result files record it: errors of samples, the rate and its Clopper-Pearson 95% interval, and
 * with no error the one-sided bound where the stage reports it. A file's points may all be of one sphere: then only
 * {@code samples: 0}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rate(Long errors, long samples, Double rate, double[] ci95, @JsonProperty("upper_bound_95") Double upperBound95) {
    /** With the one-sided bound when no error was seen (eval.json). */
    public static Rate withBound(ErrorRate r) {
        if (r.samples() == 0) return new Rate(null, 0, null, null, null);
        return new Rate(r.errors(), r.samples(), r.rate(), new double[] {r.lower95(), r.upper95()}, r.errors() == 0 ? r.upperBoundIfNone() : null);
    }

    /** In words: {@code 3 of 1,000,000 (3.00e-06)}, or that there were no points. */
    public String text() {
        return samples == 0 ? "no points" : String.format(java.util.Locale.ROOT, "%d of %,d (%.3g)", errors, samples, rate);
    }

    /** Errors, samples, rate and interval only (the sampled check of quadratic.json). */
    public static Rate of(ErrorRate r) {
        return new Rate(r.errors(), r.samples(), r.rate(), new double[] {r.lower95(), r.upper95()}, null);
    }
}
