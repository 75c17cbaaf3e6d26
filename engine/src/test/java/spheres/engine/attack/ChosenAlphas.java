package spheres.engine.attack;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import spheres.engine.Backend;
import spheres.engine.nn.Linear;
import spheres.engine.nn.Models;
import spheres.engine.nn.QuadraticReadout;
import spheres.engine.nn.Sequential;

/**
 * A quadratic net whose alphas are chosen: W1 = diag(sqrt(alpha)) U^T with a random orthogonal U (QR of a Gaussian
 * matrix), w = 1, b = -1, so logit = sum_i alpha_i (U^T x)_i^2 - 1 and the decision boundary is the ellipsoid
 * sum alpha_i z_i^2 = 1 with known worst points (the columns of U).
 */
final class ChosenAlphas {
    final double[] alpha;
    /** Column i is the eigenvector of alpha_i. */
    final RealMatrix u;
    final Sequential net;

    ChosenAlphas(Backend backend, double[] alpha, long seed) {
        int d = alpha.length;
        this.alpha = alpha.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] g = new double[d][d];
        for (double[] row : g) for (int j = 0; j < d; j++) row[j] = gaussian(rng);
        u = new QRDecomposition(new Array2DRowRealMatrix(g)).getQ();
        float[] w1 = new float[d * d]; // [h = d, d], row i = sqrt(alpha_i) u_i^T
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) w1[i * d + j] = (float) (Math.sqrt(alpha[i]) * u.getEntry(j, i));
        net = Models.quadraticNet(backend, d, d, seed);
        backend.write(w1, ((Linear) net.layers().get(0)).weight.value);
        QuadraticReadout readout = (QuadraticReadout) net.layers().get(2);
        backend.fill(readout.w.value, 1f);
        backend.fill(readout.b.value, -1f);
    }

    /** The exact logit of row {@code row} of a row-major point array, in double. */
    double logit(float[] points, int row) {
        int d = alpha.length;
        double s = 0;
        for (int i = 0; i < d; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) z += u.getEntry(j, i) * points[row * d + j];
            s += alpha[i] * z * z;
        }
        return s - 1;
    }

    /** |cos| of the angle between row {@code row} of the points and eigenvector i. */
    double alignment(float[] points, int row, int i) {
        int d = alpha.length;
        double dot = 0, nn = 0;
        for (int j = 0; j < d; j++) {
            dot += u.getEntry(j, i) * points[row * d + j];
            nn += (double) points[row * d + j] * points[row * d + j];
        }
        return Math.abs(dot) / Math.sqrt(nn);
    }

    private static double gaussian(SplittableRandom rng) { // Box-Muller; the test only needs some Gaussian matrix
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
