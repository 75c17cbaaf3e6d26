package spheres.engine.quadratic;

import java.util.List;
import spheres.engine.Backend;
import spheres.engine.nn.Layer;
import spheres.engine.nn.Linear;
import spheres.engine.nn.QuadraticReadout;
import spheres.engine.nn.Sequential;
import spheres.engine.nn.Square;

/**
 * The parameters of a quadratic net {@code logit = w sum_j (W1 x)_j^2 + b} in float64, as the analysis reads them:
 * W1 row-major {@code [hidden, dim]}, the scale w and the bias b.
 */
public record QuadraticNet(double[] weights, int hidden, int dim, double scale, double bias) {
    public QuadraticNet {
        if (weights.length != (long) hidden * dim)
            throw new IllegalArgumentException("W1 holds " + weights.length + " values, not " + hidden + " x " + dim);
    }

    /** Reads the parameters of a model built by {@code Models.quadraticNet}. */
    public static QuadraticNet of(Sequential model) {
        Linear hidden = hiddenLayer(model);
        QuadraticReadout readout = (QuadraticReadout) model.layers().get(2);
        Backend be = hidden.weight.value.backend();
        float[] w1 = be.download(hidden.weight.value);
        double[] w = new double[w1.length];
        for (int i = 0; i < w.length; i++) w[i] = w1[i];
        return new QuadraticNet(w, hidden.out, hidden.in, be.download(readout.w.value)[0], be.download(readout.b.value)[0]);
    }

    /**
     * The perfect start: {@code W1 = [I; 0]}, {@code w = 1}, {@code b = -(1 + R)^2 / 4}, so that every alpha is
     * {@code 4 / (1 + R)^2} and the decision boundary is the max-margin sphere of radius {@code (1 + R) / 2}.
     * Needs {@code hidden >= dim}.
     */
    public static void initPerfect(Sequential model, double radius) {
        Linear hidden = hiddenLayer(model);
        if (hidden.out < hidden.in)
            throw new IllegalArgumentException("--init perfect: needs --hidden >= --dim (W1 = [I; 0]); got hidden " + hidden.out + ", dim " + hidden.in);
        float[] w1 = new float[hidden.out * hidden.in];
        for (int i = 0; i < hidden.in; i++) w1[i * hidden.in + i] = 1f;
        Backend be = hidden.weight.value.backend();
        be.write(w1, hidden.weight.value);
        QuadraticReadout readout = (QuadraticReadout) model.layers().get(2);
        be.fill(readout.w.value, 1f);
        be.fill(readout.b.value, (float) (-(1 + radius) * (1 + radius) / 4));
    }

    private static Linear hiddenLayer(Sequential model) {
        List<Layer> l = model.layers();
        if (l.size() != 3 || !(l.get(0) instanceof Linear) || ((Linear) l.get(0)).bias != null || !(l.get(1) instanceof Square)
                || !(l.get(2) instanceof QuadraticReadout))
            throw new IllegalArgumentException("not a quadratic net (Linear without bias, Square, QuadraticReadout)");
        return (Linear) l.get(0);
    }
}
