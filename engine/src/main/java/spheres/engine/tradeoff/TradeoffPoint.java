package spheres.engine.tradeoff;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Locale;

/**
 * One point of the trade-off: a model (one of {@link TradeoffConfig#MODELS}) trained on {@code trainSize} samples (0 =
 * online) measured after {@code step} steps. mu by sampling: {@code errors} of {@code samples} inner points, with the
 * Clopper-Pearson 95% interval; {@code measurable} when at least the configured minimum of errors was seen.
 * {@code muExact} from the weights where known. d(E) from the nearest-error attack, null where not measured.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TradeoffPoint(String model, long trainSize, long step, long errors, long samples, double mu, double muLow,
                            double muHigh, boolean measurable, Double muExact, Integer attackStarts, Integer attackFound,
                            Double distance, Double distanceStderr) {

    /** Where the point sits on the log mu axis: the exact measure where known and > 0, else the sampled one if measurable. */
    public Double placedMu() {
        return muExact != null && muExact > 0 ? muExact : measurable ? Double.valueOf(mu) : null;
    }

    /** The sampled mu as a progress line shows it: three digits, or why it is not measured. */
    public String muText() {
        return measurable ? String.format(Locale.ROOT, "%.3g", mu) : "not measurable (" + errors + " errors)";
    }
}
