package spheres.engine.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;

/**
 * Finite-difference checks of every layer and of both paper models, with respect to parameters and input.
 * Central differences of a float32 forward, objective summed in double. ReLU kinks make a finite difference
 * meaningless where a perturbation flips a unit; those entries are detected and skipped, and a test fails if too
 * many are. Runs on the CPU here; the opencl module extends it to run on its backend.
 */
public class GradientCheckTest {
    private final Backend be = newBackend();
    private final SplittableRandom rng = new SplittableRandom(2024);

    /** The backend under test (called once, from the constructor). */
    protected Backend newBackend() {
        return new CpuBackend(1);
    }

    @AfterEach
    void shut() {
        be.close();
    }

    private Tensor random(int rows, int cols, double awayFromZero) {
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) {
            double u = rng.nextDouble() * 2 - 1;
            a[i] = (float) (u + Math.copySign(awayFromZero, u));
        }
        return be.upload(a, rows, cols);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    /** Signs of every ReLU input along a forward pass, to see whether a perturbation crossed a kink. */
    private static List<boolean[]> forwardSigns(Sequential model, Tensor x, boolean training, Backend be) {
        List<boolean[]> signs = new ArrayList<>();
        Tensor h = x;
        for (Layer l : model.layers()) {
            if (l instanceof Relu) {
                float[] v = be.download(h);
                boolean[] s = new boolean[v.length];
                for (int i = 0; i < v.length; i++) s[i] = v[i] > 0;
                signs.add(s);
            }
            h = l.forward(h, training);
        }
        return signs;
    }

    private static boolean sameSigns(List<boolean[]> a, List<boolean[]> b) {
        for (int i = 0; i < a.size(); i++) if (!java.util.Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    /**
     * Compares the analytic gradient {@code grad} of {@code f} with respect to {@code wrt} against central
     * differences at up to {@code samples} entries. {@code f} runs a forward pass and returns the objective;
     * {@code kinkFree} says whether the last forward kept every ReLU on the same side as the reference pass.
     */
    private void check(String what, Tensor wrt, float[] grad, ToDoubleFunction<Void> f,
                       java.util.function.BooleanSupplier kinkFree, double h, int samples) {
        float[] base = be.download(wrt);
        double scale = 1e-12;
        for (float g : grad) scale = Math.max(scale, Math.abs(g));
        int n = base.length, checked = 0, skipped = 0;
        for (int s = 0; s < Math.min(samples, n); s++) {
            int i = n <= samples ? s : rng.nextInt(n);
            float[] p = base.clone();
            p[i] = (float) (base[i] + h);
            be.write(p, wrt);
            double fp = f.applyAsDouble(null);
            boolean okP = kinkFree.getAsBoolean();
            p[i] = (float) (base[i] - h);
            be.write(p, wrt);
            double fm = f.applyAsDouble(null);
            boolean okM = kinkFree.getAsBoolean();
            be.write(base, wrt);
            if (!okP || !okM) {
                skipped++;
                continue;
            }
            double fd = (fp - fm) / ((double) (float) (base[i] + h) - (float) (base[i] - h));
            // Relative part for the truncation error; absolute part for float32 rounding of the objective (~1e-7)
            // divided by the step, and for entries far below the tensor's largest gradient.
            double tol = 3e-2 * Math.max(Math.abs(fd), Math.abs(grad[i])) + 2e-3 * scale + 2e-7 / h;
            if (!(Math.abs(fd - grad[i]) <= tol))
                throw new AssertionError(what + "[" + i + "]: analytic " + grad[i] + ", finite difference " + fd + " (tol " + tol + ")");
            checked++;
        }
        assertTrue(skipped <= Math.max(2, checked / 5), what + ": " + skipped + " entries crossed a ReLU kink, " + checked + " checked");
        assertTrue(checked > 0, what + ": nothing checked");
    }

    /** A single layer under {@code f = sum(layer(x) * r)} for a fixed random r. */
    private void checkLayer(String name, Layer layer, Tensor x, boolean training, double h) {
        Tensor y = layer.forward(x, training);
        Tensor r = random(y.rows, y.cols, 0);
        float[] rv = be.download(r);
        Tensor dx = layer.backward(r, true);
        float[] dxv = be.download(dx);
        List<float[]> grads = new ArrayList<>();
        for (Parameter p : layer.parameters()) grads.add(p.isTrainable() ? be.download(p.grad) : null);
        ToDoubleFunction<Void> f = v -> dot(be.download(layer.forward(x, training)), rv);
        check(name + " input", x, dxv, f, () -> true, h, 40);
        List<Parameter> ps = layer.parameters();
        for (int i = 0; i < ps.size(); i++)
            if (ps.get(i).isTrainable()) check(name + " " + ps.get(i).name, ps.get(i).value, grads.get(i), f, () -> true, h, 40);
    }

    @Test
    void linear() {
        Linear l = new Linear(be, 13, 7, true);
        Init.heUniform(l.weight.value, 1, 0);
        be.write(be.download(random(1, 7, 0)), l.bias.value);
        checkLayer("Linear", l, random(5, 13, 0), true, 1e-2);
    }

    @Test
    void linearWithoutBias() {
        Linear l = new Linear(be, 4, 9, false);
        Init.heUniform(l.weight.value, 1, 1);
        checkLayer("Linear(no bias)", l, random(3, 4, 0), true, 1e-2);
    }

    @Test
    void batchNormTraining() {
        BatchNorm1d bn = new BatchNorm1d(be, 11);
        be.write(be.download(random(1, 11, 0.5)), bn.gamma.value);
        be.write(be.download(random(1, 11, 0)), bn.beta.value);
        checkLayer("BatchNorm1d(train)", bn, random(6, 11, 0), true, 1e-2);
    }

    @Test
    void batchNormEvaluation() {
        BatchNorm1d bn = new BatchNorm1d(be, 5);
        be.write(be.download(random(1, 5, 0.5)), bn.gamma.value);
        be.write(be.download(random(1, 5, 0)), bn.runningMean.value);
        Tensor x = random(4, 5, 0);
        Tensor y = bn.forward(x, false);
        Tensor r = random(y.rows, y.cols, 0);
        float[] rv = be.download(r);
        float[] dx = be.download(bn.backward(r, true));
        check("BatchNorm1d(eval) input", x, dx, v -> dot(be.download(bn.forward(x, false)), rv), () -> true, 1e-2, 20);
    }

    @Test
    void relu() {
        // Inputs at least 0.1 from the kink, perturbations of 1e-2: no entry crosses it.
        checkLayer("ReLU", new Relu(be), random(4, 9, 0.1), true, 1e-2);
    }

    @Test
    void square() {
        checkLayer("Square", new Square(be), random(4, 9, 0), true, 1e-2);
    }

    @Test
    void quadraticReadout() {
        QuadraticReadout q = new QuadraticReadout(be);
        be.write(new float[] {0.7f}, q.w.value);
        be.write(new float[] {-0.3f}, q.b.value);
        checkLayer("QuadraticReadout", q, random(5, 8, 0), true, 1e-2);
    }

    /** A whole model under the mean BCE loss, with respect to every trainable parameter and the input. */
    private void checkModel(String name, Sequential model, int batch, int d, boolean training, double h) {
        Tensor x = random(batch, d, 0);
        float[] lab = new float[batch];
        for (int i = 0; i < batch; i++) lab[i] = i % 2;
        Tensor labels = be.upload(lab, batch, 1);
        BceLoss loss = new BceLoss(be);
        List<boolean[]> ref = forwardSigns(model, x, training, be);
        loss.forward(model.forward(x, training), labels);
        float[] dx = be.download(model.backward(loss.grad(), true));
        List<Parameter> ps = model.trainable();
        List<float[]> grads = new ArrayList<>();
        for (Parameter p : ps) grads.add(be.download(p.grad));
        List<List<boolean[]>> last = new ArrayList<>(List.of(ref));
        ToDoubleFunction<Void> f = v -> {
            last.set(0, forwardSigns(model, x, training, be));
            return loss.forward(model.forward(x, training), labels);
        };
        java.util.function.BooleanSupplier kinkFree = () -> sameSigns(ref, last.get(0));
        check(name + " input", x, dx, f, kinkFree, h, 30);
        if (!training) return; // evaluation-mode backward serves attacks: it gives the input gradient only
        for (int i = 0; i < ps.size(); i++) check(name + " " + ps.get(i).name, ps.get(i).value, grads.get(i), f, kinkFree, h, 20);
    }

    @Test
    void reluNetWithBatchNorm() {
        Sequential net = Models.reluNet(be, 7, new int[] {11, 13}, true, 5);
        for (Parameter p : net.trainable()) // move biases and batch-norm affine off their trivial starts
            if (p.value.rows == 1) be.write(be.download(random(1, p.value.cols, p.name.endsWith("weight") ? 0.5 : 0)), p.value);
        checkModel("relu+bn", net, 6, 7, true, 1e-3);
    }

    @Test
    void reluNetEvaluationMode() {
        Sequential net = Models.reluNet(be, 7, new int[] {11, 13}, true, 6);
        Tensor warm = random(8, 7, 0);
        net.forward(warm, true); // running statistics away from their start
        checkModel("relu+bn(eval)", net, 5, 7, false, 3e-3);
    }

    @Test
    void reluNetWithoutBatchNorm() {
        checkModel("relu", Models.reluNet(be, 7, new int[] {11, 13}, false, 7), 6, 7, true, 3e-3);
    }

    @Test
    void quadraticNet() {
        Sequential net = Models.quadraticNet(be, 7, 9, 8);
        checkModel("quadratic", net, 6, 7, true, 1e-2);
    }
}
