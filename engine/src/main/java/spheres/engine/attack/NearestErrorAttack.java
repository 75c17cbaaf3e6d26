package spheres.engine.attack;

import spheres.engine.Backend;
import spheres.engine.nn.Sequential;
import spheres.engine.tradeoff.NearestErrorDistance;
import spheres.engine.workflow.TrainConfig;

/**
 * d(E) for the trade-off plot: the nearest-error manifold attack (the spec's defaults) from uniform points of the
 * inner sphere; the mean distance over the starts that led to a verified error, with its standard error. The sweep
 * asks the same question with its own budget and starts on both spheres ({@link #estimate(Backend, Sequential,
 * TrainConfig, AttackConfig, Starts, int)}).
 */
public final class NearestErrorAttack implements NearestErrorDistance {
    @Override
    public Estimate estimate(Backend backend, Sequential model, TrainConfig config, long seed, int starts) {
        return estimate(backend, model, config, AttackConfig.defaults("nearest"), Starts.spheres(seed, 1f, config.radius(), 0.0), starts);
    }

    /** The nearest-error attack of {@code settings} from the first {@code n} of {@code starts}, aimed at the ideal boundary. */
    public static Estimate estimate(Backend backend, Sequential model, TrainConfig config, AttackConfig settings, Starts starts, int n) {
        ManifoldAttack attack = new ManifoldAttack(backend, model, config.dim(), (1 + config.radius()) / 2, settings);
        AttackResult r = attack.run(starts, n, (startsDone, iteration, settled) -> {});
        int found = 0;
        double sum = 0, squares = 0;
        for (int i = 0; i < r.n; i++) {
            if (!r.found[i]) continue;
            found++;
            sum += r.distance[i];
            squares += r.distance[i] * r.distance[i];
        }
        if (found == 0) return new Estimate(n, 0, null, null);
        double mean = sum / found, variance = found > 1 ? Math.max(0, squares - found * mean * mean) / (found - 1) : 0;
        return new Estimate(n, found, mean, Math.sqrt(variance / found));
    }
}
