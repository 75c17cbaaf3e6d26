package spheres.engine.sweep;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the sweep measured at one dimension: the steps trained, sampled errors per sphere (with the Clopper-Pearson
 * 95% interval of each rate) and the attack's starts, verified errors found and their mean L2 distance (null when none).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepPoint(int dim, long steps, long samples, long innerErrors, double innerRate, double innerLow, double innerHigh,
                         long outerErrors, double outerRate, double outerLow, double outerHigh, int attackStarts, int attackFound,
                         Double attackMeanDistance) {

    /** Neither sampling nor the attack found an error. */
    public boolean clean() {
        return innerErrors == 0 && outerErrors == 0 && attackFound == 0;
    }
}
