package spheres.engine.quadratic;

import java.util.PriorityQueue;
import java.util.function.DoubleUnaryOperator;

/**
 * Adaptive 15-point Gauss-Kronrod quadrature (QUADPACK's QAG): the interval with the largest error estimate is
 * halved until the summed estimate meets the tolerance. The 7-point Gauss rule nested in the Kronrod rule gives each
 * interval's error for free; the endpoints are never evaluated, so integrands singular or undefined there are fine.
 */
public final class GaussKronrod {
    /** The integral and its error estimate. */
    public record Result(double value, double error, int intervals) {}

    // Nodes and weights of QUADPACK's qk15: Kronrod nodes, Kronrod weights, Gauss weights of nodes 1, 3, 5 and 7.
    private static final double[] XK = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788, 0.586087235467691130294144845693013,
        0.405845151377397166906606412076961, 0.207784955007898467600689403773245, 0.0};
    private static final double[] WK = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238, 0.169004726639267902826583426598550,
        0.190350578064785409913256402421014, 0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
    private static final double[] WG = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

    private GaussKronrod() {}

    private record Piece(double a, double b, double value, double error) {}

    private static Piece rule(DoubleUnaryOperator f, double a, double b) {
        double mid = 0.5 * (a + b), half = 0.5 * (b - a);
        double fc = f.applyAsDouble(mid);
        double kronrod = WK[7] * fc, gauss = WG[3] * fc;
        for (int j = 0; j < 7; j++) {
            double dx = half * XK[j];
            double sum = f.applyAsDouble(mid - dx) + f.applyAsDouble(mid + dx);
            kronrod += WK[j] * sum;
            if (j % 2 == 1) gauss += WG[j / 2] * sum;
        }
        return new Piece(a, b, kronrod * half, Math.abs((kronrod - gauss) * half));
    }

    /**
     * The integral of f over [a, b] to {@code max(absTol, relTol |value|)}; throws {@link ArithmeticException} when
     * {@code maxIntervals} halvings do not get there, or when f returns a value that is not finite.
     */
    public static Result integrate(DoubleUnaryOperator f, double a, double b, double relTol, double absTol, int maxIntervals) {
        PriorityQueue<Piece> pieces = new PriorityQueue<>((p, q) -> Double.compare(q.error, p.error));
        Piece first = rule(f, a, b);
        pieces.add(first);
        double value = first.value, error = first.error;
        while (error > Math.max(absTol, relTol * Math.abs(value))) {
            if (!Double.isFinite(value)) throw new ArithmeticException("quadrature: the integrand is not finite on [" + a + ", " + b + "]");
            if (pieces.size() >= maxIntervals)
                throw new ArithmeticException("quadrature: error " + error + " on " + value + " after " + maxIntervals + " intervals");
            Piece worst = pieces.poll();
            double mid = 0.5 * (worst.a + worst.b);
            Piece left = rule(f, worst.a, mid), right = rule(f, mid, worst.b);
            pieces.add(left);
            pieces.add(right);
            value += left.value + right.value - worst.value;
            error += left.error + right.error - worst.error;
        }
        // The running sums drift by rounding over many updates: report the fresh sums.
        double v = 0, e = 0;
        for (Piece p : pieces) {
            v += p.value;
            e += p.error;
        }
        return new Result(v, e, pieces.size());
    }
}
