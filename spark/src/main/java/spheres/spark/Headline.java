package spheres.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import spheres.engine.experiment.Attack;
import spheres.engine.experiment.Evaluation;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.Quadratic;
import spheres.engine.sweep.DimensionRun;
import spheres.engine.sweep.SweepPoint;
import spheres.engine.tradeoff.TradeoffPoint;
import spheres.engine.tradeoff.TradeoffRun;

/** The headline figures of a finished run folder, for the driver's one line per run; read from its result files. */
final class Headline {
    private Headline() {}

    static String of(Path dir) throws IOException {
        List<String> parts = new ArrayList<>();
        Evaluation.Result eval = Evaluation.Result.read(dir.resolve(Evaluation.JSON));
        if (eval != null && eval.inner().errors() != null && eval.outer().errors() != null)
            parts.add(String.format(Locale.ROOT, "errors inner %d, outer %d of %,d per sphere", eval.inner().errors(), eval.outer().errors(),
                    eval.inner().samples()));
        Attack.Result attack = Attack.Result.read(dir.resolve("attack"));
        if (attack != null)
            parts.add(String.format(Locale.ROOT, "attack %d of %d%s", attack.found(), attack.starts(),
                    attack.distanceMean() == null ? "" : String.format(Locale.ROOT, ", mean distance %.3f", attack.distanceMean())));
        Quadratic.Result quad = Quadratic.Result.read(dir);
        if (quad != null) parts.add(String.format(Locale.ROOT, "alphas out of range %d of %d", quad.alphas().outOfRange(), quad.dim()));
        SweepPoint sweep = Json.tree(dir.resolve("point.json")) == null ? null : Json.read(dir.resolve("point.json"), DimensionRun.Saved.class).point();
        if (sweep != null)
            parts.add(String.format(Locale.ROOT, "d %d: errors inner %d, outer %d of %,d; attack %d of %d", sweep.dim(), sweep.innerErrors(),
                    sweep.outerErrors(), sweep.samples(), sweep.attackFound(), sweep.attackStarts()));
        if (Json.tree(dir.resolve("points.json")) != null) {
            List<TradeoffPoint> points = Json.read(dir.resolve("points.json"), TradeoffRun.Points.class).points();
            TradeoffPoint last = points.get(points.size() - 1);
            parts.add(String.format(Locale.ROOT, "step %d: mu %.3g%s", last.step(), last.mu(),
                    last.distance() == null ? "" : String.format(Locale.ROOT, ", d(E) %.3f", last.distance())));
        }
        return parts.isEmpty() ? "written" : String.join("; ", parts);
    }
}
