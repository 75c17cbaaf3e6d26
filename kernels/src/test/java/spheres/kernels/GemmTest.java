package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm#gemmSimd} against its scalar twin on odd shapes, every transpose, offsets and padded leading
 * dimensions; plus the determinism contract (any block split of C, and any plan of the kernel family, gives the
 * same bits) and workspace reuse. Every kernel and packing of the family runs here, not only the one this machine
 * picks: kernels wider than the hardware's vectors run (slowly) on the Vector API's fallback, so their sizes are kept
 * small. Run: {@code mvn -q -pl kernels test -Dtest=GemmTest}.
 */
class GemmTest {
    private static final int L = Simd.F.length();
    private static final boolean[][] VARIANTS = {{false, false}, {false, true}, {true, false}, {true, true}};
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.5f, 0.3f}, {-0.5f, 0f}, {1f, 0.3f}};
    /** The plan this machine runs with no calibration. */
    private static final Gemm.Plan PLAN = Gemm.defaultPlan();

    /** One gemm problem laid out in padded arrays with offsets, so that out-of-bounds reads or writes show. */
    static final class Problem {
        final boolean ta, tb;
        final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff;
        final float[] a, b, c0;

        Problem(boolean ta, boolean tb, int m, int n, int k, long seed) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            SplittableRandom rnd = new SplittableRandom(seed);
            lda = (ta ? m : k) + 3;
            ldb = (tb ? k : n) + 5;
            ldc = n + 2;
            aOff = 7;
            bOff = 11;
            cOff = 4;
            a = random(rnd, aOff + (ta ? k : m) * lda + 3);
            b = random(rnd, bOff + (tb ? n : k) * ldb + 3);
            c0 = random(rnd, cOff + m * ldc + 3);
        }

        float[] simd(float alpha, float beta, Gemm.Workspace ws) {
            return simd(PLAN, alpha, beta, ws);
        }

        float[] simd(Gemm.Plan plan, float alpha, float beta, Gemm.Workspace ws) {
            float[] c = c0.clone();
            Gemm.gemmSimd(plan, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
            return c;
        }

        /** {@link #simd} with B's panels kept in {@code keep}. */
        float[] kept(Gemm.Plan plan, float alpha, float beta, Gemm.Workspace ws, Gemm.Panels keep) {
            float[] c = c0.clone();
            Gemm.gemmSimd(plan, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws, keep);
            return c;
        }

        float[] scalar(float alpha, float beta) {
            float[] c = c0.clone();
            Gemm.gemmScalar(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        float av(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float bv(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        /**
         * Checks rows [i0, i1) of {@code got} against {@code want}: error within 8 ulp * sqrt(k + 1) of the
         * element's magnitude scale |alpha| sum|a||b| + |beta c|; everything outside the logical C untouched.
         */
        void check(float[] got, float[] want, float alpha, float beta, int i0, int i1, String what) {
            double tol = 8 * Math.ulp(1f) * Math.sqrt(k + 1.0);
            for (int i = i0; i < i1; i++) {
                for (int j = 0; j < n; j++) {
                    int ci = cOff + i * ldc + j;
                    double scale = beta == 0f ? 0 : Math.abs(beta * c0[ci]);
                    for (int p = 0; p < k; p++) scale += Math.abs(alpha * av(i, p) * bv(p, j));
                    if (!(Math.abs(got[ci] - want[ci]) <= tol * scale + 1e-30)) {
                        fail(what + ": C[" + i + "][" + j + "] = " + got[ci] + ", want " + want[ci]
                                + " (tolerance " + tol * scale + ")");
                    }
                }
            }
            for (int i = 0; i < got.length; i++) {
                int r = (i - cOff) / ldc, col = (i - cOff) % ldc;
                boolean inside = i >= cOff && r < m && col < n;
                if (!inside) assertEquals(c0[i], got[i], what + ": wrote outside C at " + i);
            }
        }

        String name(float alpha, float beta) {
            return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta;
        }
    }

    static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    static void compare(Problem pr, float alpha, float beta, Gemm.Workspace ws) {
        float[] got = pr.simd(alpha, beta, ws);
        pr.check(got, pr.scalar(alpha, beta), alpha, beta, 0, pr.m, pr.name(alpha, beta));
    }

    @Test
    void oddShapesEveryVariant() {
        int[] mn = {1, 2, L - 1, L + 1, 7, 13, 31, 97, 131};
        int[] ks = {1, 7, L + 1, 31, 131, Gemm.KC + 1};
        Gemm.Workspace ws = new Gemm.Workspace();
        int t = 0;
        for (boolean[] v : VARIANTS) {
            for (int m : mn) {
                for (int n : mn) {
                    for (int k : ks) {
                        float[] ab = ALPHA_BETA[t++ % ALPHA_BETA.length];
                        compare(new Problem(v[0], v[1], m, n, k, t), ab[0], ab[1], ws);
                    }
                }
            }
        }
    }

    @Test
    void everyAlphaBeta() {
        Gemm.Workspace ws = new Gemm.Workspace();
        for (boolean[] v : VARIANTS) {
            for (float[] ab : ALPHA_BETA) compare(new Problem(v[0], v[1], 37, 53, 2 * Gemm.KC + 3, 5), ab[0], ab[1], ws);
        }
    }

    @Test
    void betaZeroOverwritesNaN() {
        Gemm.Workspace ws = new Gemm.Workspace();
        for (boolean[] v : VARIANTS) {
            Problem pr = new Problem(v[0], v[1], 29, 2 * L + 3, 300, 9);
            for (int i = 0; i < pr.m; i++) Arrays.fill(pr.c0, pr.cOff + i * pr.ldc, pr.cOff + i * pr.ldc + pr.n, Float.NaN);
            float[] got = pr.simd(-0.5f, 0f, ws);
            for (float x : got) assertTrue(!Float.isNaN(x), "NaN survived beta = 0");
            pr.check(got, pr.scalar(-0.5f, 0f), -0.5f, 0f, 0, pr.m, pr.name(-0.5f, 0f) + " NaN in C");
        }
    }

    /** The paper's shapes (batch 50, widths 500 and 1000), in the variant backprop uses them. */
    @Test
    void paperShapes() {
        Gemm.Workspace ws = new Gemm.Workspace();
        compare(new Problem(false, true, 50, 1000, 500, 1), 1f, 0f, ws);   // forward X W^T
        compare(new Problem(false, true, 50, 1000, 1000, 2), 1f, 0f, ws);
        compare(new Problem(false, false, 50, 500, 1000, 3), 1f, 0f, ws);  // input gradient dY W
        compare(new Problem(false, false, 50, 1000, 1000, 4), 1f, 1f, ws);
        compare(new Problem(true, false, 1000, 1000, 50, 5), 1f, 1f, ws);  // weight gradient dY^T X
        compare(new Problem(true, false, 1000, 500, 50, 6), -0.5f, 0.3f, ws);
    }

    /** 1000^3 against the twin on a few rows only (a full scalar product would take seconds). */
    @Test
    void cubeSampledRows() {
        Problem pr = new Problem(false, false, 1000, 1000, 1000, 7);
        float[] got = pr.simd(1f, 0.3f, new Gemm.Workspace());
        float[] want = pr.c0.clone();
        for (int[] rows : new int[][] {{0, 5}, {491, 494}, {995, 1000}}) {
            int h = rows[1] - rows[0];
            Gemm.gemmScalar(false, false, h, pr.n, pr.k, 1f, pr.a, pr.aOff + rows[0] * pr.lda, pr.lda, pr.b, pr.bOff,
                    pr.ldb, 0.3f, want, pr.cOff + rows[0] * pr.ldc, pr.ldc);
            Problem view = pr;
            float[] wantRows = want;
            view.check(got, wantRows, 1f, 0.3f, rows[0], rows[1], "1000^3 rows " + rows[0] + ".." + rows[1]);
        }
    }

    /** More columns than one packed block of B and more rows than one packed block of A. */
    @Test
    void beyondOneBlock() {
        Gemm.Workspace ws = new Gemm.Workspace();
        compare(new Problem(false, true, PLAN.mc() + 7, PLAN.nc() + 9, 20, 8), 1f, 0.3f, ws);
        compare(new Problem(true, false, PLAN.mc() + 7, PLAN.nc() + 9, 20, 9), 1f, 0f, ws);
    }

    /**
     * The determinism contract: computing C in column blocks (B and C offsets shifted, smaller n) or row blocks
     * (A and C offsets shifted, smaller m), cut at odd places, gives exactly the bits of the unsplit call.
     */
    @Test
    void blockSplitsAreBitIdentical() {
        int n = 3 * L + 11;
        int[] cols = {0, 1, 6, L + 3, 2 * L + 2, 2 * L + 9, n};
        blockSplits(53, n, 2 * Gemm.KC + 41, cols, new int[] {0, 5, 6, 19, 40, 53});
        // Taller than one packed block of A, so the whole and its row blocks take different loop nests.
        int m = PLAN.mc() + 13;
        blockSplits(m, n, Gemm.KC + 200, cols, new int[] {0, 3, 100, m});
    }

    private static void blockSplits(int m, int n, int k, int[] cols, int[] rows) {
        Gemm.Workspace ws = new Gemm.Workspace();
        for (boolean[] v : VARIANTS) {
            for (float[] ab : ALPHA_BETA) {
                Problem pr = new Problem(v[0], v[1], m, n, k, 11);
                float[] whole = pr.simd(ab[0], ab[1], ws);

                float[] byCols = pr.c0.clone();
                for (int s = 0; s + 1 < cols.length; s++) {
                    int j0 = cols[s], w = cols[s + 1] - j0;
                    Gemm.gemmSimd(PLAN, pr.ta, pr.tb, m, w, k, ab[0], pr.a, pr.aOff, pr.lda, pr.b,
                            pr.bOff + (pr.tb ? j0 * pr.ldb : j0), pr.ldb, ab[1], byCols, pr.cOff + j0, pr.ldc, ws);
                }
                assertArrayEquals(whole, byCols, pr.name(ab[0], ab[1]) + " column blocks");

                float[] byRows = pr.c0.clone();
                for (int s = 0; s + 1 < rows.length; s++) {
                    int i0 = rows[s], h = rows[s + 1] - i0;
                    Gemm.gemmSimd(PLAN, pr.ta, pr.tb, h, n, k, ab[0], pr.a, pr.aOff + (pr.ta ? i0 : i0 * pr.lda), pr.lda,
                            pr.b, pr.bOff, pr.ldb, ab[1], byRows, pr.cOff + i0 * pr.ldc, pr.ldc, ws);
                }
                assertArrayEquals(whole, byRows, pr.name(ab[0], ab[1]) + " row blocks");

                float[] tiles = pr.c0.clone();
                for (int s = 0; s + 1 < rows.length; s++) {
                    for (int t = 0; t + 1 < cols.length; t++) {
                        int i0 = rows[s], h = rows[s + 1] - i0, j0 = cols[t], w = cols[t + 1] - j0;
                        Gemm.gemmSimd(PLAN, pr.ta, pr.tb, h, w, k, ab[0], pr.a, pr.aOff + (pr.ta ? i0 : i0 * pr.lda),
                                pr.lda, pr.b, pr.bOff + (pr.tb ? j0 * pr.ldb : j0), pr.ldb, ab[1], tiles,
                                pr.cOff + i0 * pr.ldc + j0, pr.ldc, ws);
                    }
                }
                assertArrayEquals(whole, tiles, pr.name(ab[0], ab[1]) + " row x column blocks");
            }
        }
    }

    /** One workspace across growing and shrinking shapes gives the bits of a fresh workspace every time. */
    @Test
    void workspaceReuse() {
        Gemm.Workspace shared = new Gemm.Workspace();
        int[][] shapes = {{3, 5, 7}, {131, 97, 600}, {1, 1, 1}, {50, 300, 40}, {200, 17, 300}, {2, 2, 2}};
        int t = 0;
        for (int[] s : shapes) {
            for (boolean[] v : VARIANTS) {
                Problem pr = new Problem(v[0], v[1], s[0], s[1], s[2], 100 + t++);
                assertArrayEquals(pr.simd(1f, 0.3f, new Gemm.Workspace()), pr.simd(1f, 0.3f, shared),
                        pr.name(1f, 0.3f) + " reused workspace");
            }
        }
    }

    @Test
    void emptyDimensions() {
        Gemm.Workspace ws = new Gemm.Workspace();
        for (boolean[] v : VARIANTS) {
            Problem pr = new Problem(v[0], v[1], 4, 5, 0, 3);
            compare(pr, -0.5f, 0.3f, ws);
            compare(pr, 1f, 0f, ws);
            Problem none = new Problem(v[0], v[1], 0, 5, 3, 3);
            assertArrayEquals(none.c0, none.simd(1f, 1f, ws));
        }
    }

    /**
     * Every kernel with every packing, with MC, NC and KB small enough that the block loops turn over (KB 7: every
     * depth above it splits the fma chains over several kernel calls, the last one short).
     */
    static Stream<Gemm.Plan> family() {
        return Arrays.stream(Gemm.Kernel.values()).flatMap(kernel -> Arrays.stream(Gemm.Pack.values())
                .map(pack -> new Gemm.Plan(kernel, pack, 2 * kernel.mr, 2 * kernel.nr, 7)));
    }

    /**
     * Each plan of the family against the scalar twin and, bit for bit, against this machine's default plan: shapes
     * with edge tiles in both directions, every transpose, several blocks of MC, NC and KC.
     */
    @ParameterizedTest
    @MethodSource("family")
    void everyPlanGivesTheDefaultPlansBits(Gemm.Plan plan) {
        Gemm.Workspace ws = new Gemm.Workspace();
        int[][] shapes = {{1, 1, 1}, {plan.kernel().mr + 1, plan.kernel().nr - 1, 17},
                {3 * plan.kernel().mr - 1, 2 * plan.kernel().nr + 3, 16 * 3 + 5},
                {2 * plan.kernel().mr + 3, 2 * plan.kernel().nr + 5, Gemm.KC + 9}};
        int t = 0;
        for (boolean[] v : VARIANTS) {
            for (int[] s : shapes) {
                float[] ab = ALPHA_BETA[t++ % ALPHA_BETA.length];
                Problem pr = new Problem(v[0], v[1], s[0], s[1], s[2], 31 + t);
                float[] got = pr.simd(plan, ab[0], ab[1], ws);
                pr.check(got, pr.scalar(ab[0], ab[1]), ab[0], ab[1], 0, pr.m, plan + ": " + pr.name(ab[0], ab[1]));
                assertArrayEquals(pr.simd(ab[0], ab[1], new Gemm.Workspace()), got, plan + " vs default: " + pr.name(ab[0], ab[1]));
                Gemm.Panels keep = new Gemm.Panels();
                for (int call = 0; call < 2; call++) { // packs B, then uses the kept panels
                    assertArrayEquals(got, pr.kept(plan, ab[0], ab[1], ws, keep), plan + " with kept panels, call " + call + ": " + pr.name(ab[0], ab[1]));
                }
            }
        }
    }

    /**
     * {@link Gemm.Pack#ROWS} reads A's rows in place only for more than {@link Gemm#THIN} rows, which the shapes above
     * stay under: here every kernel does, on A taller than that, in several blocks of MC with a short last tile and
     * depth blocks of KB 7 (the continuing kernels), with B packed per call and kept, against the default plan's bits.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void rowsReadInPlaceGiveTheDefaultPlansBits(Gemm.Kernel kernel) {
        Gemm.Plan plan = new Gemm.Plan(kernel, Gemm.Pack.ROWS, 2 * kernel.mr, 2 * kernel.nr, 7);
        Gemm.Workspace ws = new Gemm.Workspace();
        int t = 0;
        for (boolean transB : new boolean[] {false, true}) {
            float[] ab = ALPHA_BETA[t++ % ALPHA_BETA.length];
            Problem pr = new Problem(false, transB, Gemm.THIN + kernel.mr + 1, kernel.nr + 3, Gemm.KC + 9, 71 + t);
            float[] got = pr.simd(plan, ab[0], ab[1], ws);
            pr.check(got, pr.scalar(ab[0], ab[1]), ab[0], ab[1], 0, pr.m, plan + ": " + pr.name(ab[0], ab[1]));
            assertArrayEquals(pr.simd(ab[0], ab[1], new Gemm.Workspace()), got, plan + " vs default: " + pr.name(ab[0], ab[1]));
            assertArrayEquals(got, pr.kept(plan, ab[0], ab[1], ws, new Gemm.Panels()), plan + " with kept panels: " + pr.name(ab[0], ab[1]));
        }
    }

    static Stream<Gemm.Kernel> kernels() {
        return Arrays.stream(Gemm.Kernel.values());
    }

    /**
     * Kept panels are used again: a call with the same B geometry does not see a change to B's values (why the engine
     * keeps them only for frozen tensors), and any change of plan, transposition, array, offset, leading dimension or
     * shape packs again.
     */
    @Test
    void keptPanelsAreReusedUntilTheCallChanges() {
        Gemm.Workspace ws = new Gemm.Workspace();
        Problem pr = new Problem(false, true, 40, 70, Gemm.KC + 30, 3);
        Gemm.Panels keep = new Gemm.Panels();
        float[] first = pr.kept(PLAN, 1f, 0f, ws, keep);
        float[] saved = pr.b.clone();
        Arrays.fill(pr.b, 2f);
        assertArrayEquals(first, pr.kept(PLAN, 1f, 0f, ws, keep), "the same call reuses the panels it packed");
        float[] now = pr.simd(1f, 0f, ws);
        Gemm.Plan other = new Gemm.Plan(PLAN.kernel(), PLAN.pack(), PLAN.mc(), PLAN.nc(), 7);
        assertArrayEquals(now, pr.kept(other, 1f, 0f, ws, keep), "another plan packs again");
        System.arraycopy(saved, 0, pr.b, 0, saved.length);
        float[] c = pr.c0.clone();
        Gemm.gemmSimd(other, false, true, pr.m, pr.n - 1, pr.k, 1f, pr.a, pr.aOff, pr.lda, pr.b, pr.bOff, pr.ldb, 0f, c, pr.cOff, pr.ldc, ws, keep);
        float[] want = pr.c0.clone();
        Gemm.gemmSimd(other, false, true, pr.m, pr.n - 1, pr.k, 1f, pr.a, pr.aOff, pr.lda, pr.b, pr.bOff, pr.ldb, 0f, want, pr.cOff, pr.ldc, ws);
        assertArrayEquals(want, c, "another n packs again");
        float[] copy = pr.b.clone();
        Arrays.fill(pr.b, 3f);
        c = pr.c0.clone();
        Gemm.gemmSimd(other, false, true, pr.m, pr.n, pr.k, 1f, pr.a, pr.aOff, pr.lda, copy, pr.bOff, pr.ldb, 0f, c, pr.cOff, pr.ldc, ws, keep);
        assertArrayEquals(first, c, "another array packs again");
        c = pr.c0.clone();
        Gemm.gemmSimd(other, false, true, pr.m, pr.n, pr.k, 1f, pr.a, pr.aOff, pr.lda, copy, pr.bOff + 1, pr.ldb, 0f, c, pr.cOff, pr.ldc, ws, keep);
        want = pr.c0.clone();
        Gemm.gemmSimd(other, false, true, pr.m, pr.n, pr.k, 1f, pr.a, pr.aOff, pr.lda, copy, pr.bOff + 1, pr.ldb, 0f, want, pr.cOff, pr.ldc, ws);
        assertArrayEquals(want, c, "another offset packs again");
    }

    /** The plans this machine can run at full speed (the others are covered at small sizes above). */
    static Stream<Gemm.Plan> fittingFamily() {
        return family().filter(plan -> plan.kernel().fits());
    }

    /** The paper's batch-50 forward shape through every plan that fits this machine, bit for bit against the default. */
    @ParameterizedTest
    @MethodSource("fittingFamily")
    void paperForwardShapeOnEveryFittingPlan(Gemm.Plan plan) {
        Problem pr = new Problem(false, true, 50, 1000, 500, 1);
        Gemm.Plan full = Gemm.Plan.of(plan.kernel(), plan.pack());
        assertArrayEquals(pr.simd(1f, 0f, new Gemm.Workspace()), pr.simd(full, 1f, 0f, new Gemm.Workspace()), full.toString());
    }

    /**
     * The uncalibrated plan of every ISA and JDK, whatever this machine is: the widest kernel that fits the registers,
     * and the packing that measured fastest there, with a taller tile for bulk calls on AVX-512 (bench/RESULTS-gemm.md).
     */
    @Test
    void defaultPlanOfEveryIsa() {
        Object[][] table = {
            {512, 32, 17, Gemm.Kernel.V512_10x2, Gemm.Pack.INTERLEAVE}, {512, 32, 25, Gemm.Kernel.V512_10x2, Gemm.Pack.TRANSPOSE16},
            {256, 16, 17, Gemm.Kernel.V256_6x2, Gemm.Pack.TRANSPOSE8}, {256, 16, 25, Gemm.Kernel.V256_5x2, Gemm.Pack.TRANSPOSE8},
            {256, 16, 24, Gemm.Kernel.V256_6x2, Gemm.Pack.TRANSPOSE8}, {256, 32, 17, Gemm.Kernel.V256_12x2, Gemm.Pack.TRANSPOSE8},
            {128, 32, 21, Gemm.Kernel.V128_8x3, Gemm.Pack.SCALAR}, {128, 16, 17, Gemm.Kernel.V128_6x2, Gemm.Pack.SCALAR},
        };
        for (Object[] row : table) {
            int bits = (int) row[0], registers = (int) row[1], jdk = (int) row[2];
            Gemm.Plan plan = Gemm.defaultPlan(bits, registers, jdk);
            String what = bits + "-bit, " + registers + " registers, JDK " + jdk;
            assertEquals(Gemm.Plan.of((Gemm.Kernel) row[3], (Gemm.Pack) row[4]), plan, what);
            assertTrue(plan.kernel().bits == bits && plan.kernel().registers() <= registers, what + ": " + plan);
            // Bulk calls: 12x32 where the batch-sized classes run 10x32, in the same packing; the same plan elsewhere.
            Gemm.Plan bulk = Gemm.bulk(plan);
            assertEquals(bits == 512 ? Gemm.Plan.of(Gemm.Kernel.V512_12x2, plan.pack()) : plan, bulk, what);
            assertTrue(bulk.kernel().fits(bits, registers, jdk), what + ": bulk " + bulk);
        }
        assertEquals(Gemm.defaultPlan(Simd.hardwareBits(), Simd.registers(), Runtime.version().feature()), PLAN);
        for (Gemm.Shape shape : Gemm.Shape.values())
            assertEquals(shape == Gemm.Shape.BULK ? Gemm.bulk(PLAN) : PLAN, Gemm.defaultPlan(shape), shape.label);
    }

    /** MC x KC of A fills at most half of L2 and NC x KC of B half of a core's L3, within the clamps, in whole tiles. */
    @Test
    void blocksFollowTheCaches() {
        for (Gemm.Kernel kernel : Gemm.Kernel.values()) {
            int mc = Gemm.blockRows(kernel), nc = Gemm.blockColumns(kernel);
            assertEquals(0, mc % kernel.mr, kernel + " MC " + mc);
            assertEquals(0, nc % kernel.nr, kernel + " NC " + nc);
            assertTrue(mc >= 4 * kernel.mr && mc <= 48 * kernel.mr, kernel + " MC " + mc);
            assertTrue(nc >= 8 * kernel.nr && nc <= 32 * kernel.nr, kernel + " NC " + nc);
            // the largest whole number of tiles that fits, unless a clamp holds it
            long rows = Gemm.L2 / 2 / (4L * Gemm.KC), cols = Gemm.L3_PER_CORE / 2 / (4L * Gemm.KC);
            if (mc > 4 * kernel.mr && mc < 48 * kernel.mr) assertTrue(mc <= rows && mc + kernel.mr > rows, kernel + " MC " + mc + " for " + rows + " rows");
            if (nc > 8 * kernel.nr && nc < 32 * kernel.nr) assertTrue(nc <= cols && nc + kernel.nr > cols, kernel + " NC " + nc + " for " + cols + " columns");
            assertEquals(new Gemm.Plan(kernel, Gemm.Pack.SCALAR, mc, nc, Gemm.blockDepth(kernel, Gemm.L1, Runtime.version().feature())), Gemm.Plan.of(kernel, Gemm.Pack.SCALAR));
        }
        // Any machine's caches, whatever this one's: {cache bytes, MC of 10x32 (L2), NC of 10x32 (L3 per core)}
        long[][] caches = {{256 << 10, 40, 256}, {1 << 20, 120, 256}, {2 << 20, 250, 256}, {4 << 20, 480, 512}, {16 << 20, 480, 1024}};
        for (long[] c : caches) {
            assertEquals(c[1], Gemm.blockRows(Gemm.Kernel.V512_10x2, c[0]), "MC for an L2 of " + c[0]);
            assertEquals(c[2], Gemm.blockColumns(Gemm.Kernel.V512_10x2, c[0]), "NC for an L3 share of " + c[0]);
        }
        // KB: B's KB x NR sub-panel in two thirds of L1, in multiples of 16, from 64 to KC, from JDK 25 on. {L1 bytes, NR, KB}
        long[][] depths = {{32 << 10, 32, 160}, {48 << 10, 32, 256}, {48 << 10, 48, 160}, {48 << 10, 64, 128}, {32 << 10, 16, 336},
            {32 << 10, 8, 672}, {1 << 20, 16, 1024}, {4 << 10, 64, 64}};
        for (long[] d : depths) {
            Gemm.Kernel kernel = Arrays.stream(Gemm.Kernel.values()).filter(k -> k.nr == d[1]).findFirst().orElseThrow();
            assertEquals(d[2], Gemm.blockDepth(kernel, d[0], 25), "KB of " + kernel + " for an L1 of " + d[0]);
            assertEquals(Gemm.KC, Gemm.blockDepth(kernel, d[0], 17), "KB of " + kernel + " on JDK 17");
        }
        assertTrue(Gemm.L1 >= 8 << 10 && Gemm.L1 <= 1 << 20, "L1 " + Gemm.L1);
        assertTrue(Gemm.L2 >= 64 << 10 && Gemm.L2 <= 64 << 20, "L2 " + Gemm.L2);
        assertTrue(Gemm.L3_PER_CORE >= 256 << 10 && Gemm.L3_PER_CORE <= 1L << 30, "L3 per core " + Gemm.L3_PER_CORE);
    }

    /** The registers each kernel keeps live decide which ones fit AVX2's 16 and AVX-512's 32: MR x NV + NV + 1. */
    /** A packing fits a machine whose vectors are as wide as its shuffles, no wider (the scalar ones fit any). */
    @Test
    void packingsFitTheVectorWidth() {
        if (!Simd.ENABLED) return; // nothing fits with SIMD off: the scalar twin packs
        assertTrue(Gemm.Pack.TRANSPOSE16.fits(512, 25) && !Gemm.Pack.TRANSPOSE16.fits(256, 25));
        assertFalse(Gemm.Pack.TRANSPOSE16.fits(512, 17), "JDK 17's slow 512-bit permutes");
        for (int jdk : new int[] {17, 25}) {
            assertTrue(!Gemm.Pack.TRANSPOSE8.fits(512, jdk) && Gemm.Pack.TRANSPOSE8.fits(256, jdk) && !Gemm.Pack.TRANSPOSE8.fits(128, jdk));
            for (Gemm.Pack p : new Gemm.Pack[] {Gemm.Pack.INTERLEAVE, Gemm.Pack.SCALAR, Gemm.Pack.ROWS}) assertTrue(p.fits(128, jdk), p.name());
            for (int bits : new int[] {128, 256, 512})
                assertTrue(Gemm.defaultPlan(bits, 32, jdk).pack().fits(bits, jdk), "the default packing of " + bits + " bits, JDK " + jdk);
        }
    }

    @Test
    void kernelShapesAndRegisters() {
        Object[][] table = {{Gemm.Kernel.V512_10x2, 32, 23, "512-bit 10x32"}, {Gemm.Kernel.V512_12x2, 32, 27, "512-bit 12x32"},
            {Gemm.Kernel.V512_14x2, 32, 31, "512-bit 14x32"},
            {Gemm.Kernel.V512_8x3, 48, 28, "512-bit 8x48"}, {Gemm.Kernel.V512_6x4, 64, 29, "512-bit 6x64"},
            {Gemm.Kernel.V256_6x2, 16, 15, "256-bit 6x16"}, {Gemm.Kernel.V256_5x2, 16, 13, "256-bit 5x16"},
            {Gemm.Kernel.V256_4x2, 16, 11, "256-bit 4x16"}, {Gemm.Kernel.V256_4x3, 24, 16, "256-bit 4x24"},
            {Gemm.Kernel.V256_12x2, 16, 27, "256-bit 12x16"}, {Gemm.Kernel.V256_8x3, 24, 28, "256-bit 8x24"},
            {Gemm.Kernel.V128_6x2, 8, 15, "128-bit 6x8"}, {Gemm.Kernel.V128_8x3, 12, 28, "128-bit 8x12"}};
        assertEquals(Gemm.Kernel.values().length, table.length);
        for (Object[] row : table) {
            Gemm.Kernel kernel = (Gemm.Kernel) row[0];
            assertEquals(row[1], kernel.nr, kernel.name());
            assertEquals(row[2], kernel.registers(), kernel.name());
            assertEquals(row[3], kernel.toString());
            int jdk = Runtime.version().feature();
            assertEquals(Simd.ENABLED && kernel.fits(Simd.hardwareBits(), Simd.registers(), jdk), kernel.fits(), kernel.name());
            // Only the hardware's width, on every JDK (a narrower kernel that has run slows the wider ones compiled after it).
            for (int j : new int[] {17, 25})
                assertEquals(kernel.bits == 256 && kernel.registers() <= 16, kernel.fits(256, 16, j), kernel + " on AVX2, JDK " + j);
            assertEquals(kernel.bits == 512, kernel.fits(512, 32, 25), kernel + " on AVX-512, JDK 25");
            assertEquals(kernel.bits == 128, kernel.fits(128, 32, 25), kernel + " on NEON, JDK 25");
            // Before JDK 25 only the hardware's width, and not the 31-register 14x32 tile, which C2 17 spilled in some compilations.
            assertEquals(kernel.bits == 512 && kernel != Gemm.Kernel.V512_14x2, kernel.fits(512, 32, 17), kernel + " on AVX-512, JDK 17");
        }
        // This machine's own default kernel always fits; AVX2's 16 registers leave out the 12-row 256-bit kernel.
        assertEquals(Simd.ENABLED, PLAN.kernel().fits());
        if (Simd.registers() == 16) assertTrue(!Gemm.Kernel.V256_12x2.fits());
        assertEquals("256-bit 6x16 kernel, transpose8 packing, MC 12, NC 32, KB 64",
                new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.TRANSPOSE8, 12, 32, 64).toString());
    }

    @Test
    void plansRefuseBlocksThatAreNotWholeTiles() {
        assertThrows(IllegalArgumentException.class, () -> new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.SCALAR, 7, 16));
        assertThrows(IllegalArgumentException.class, () -> new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.SCALAR, 6, 8));
        assertThrows(IllegalArgumentException.class, () -> new Gemm.Plan(null, Gemm.Pack.SCALAR, 6, 16));
        assertThrows(IllegalArgumentException.class, () -> new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.SCALAR, 6, 16, 0));
        // KB 1, the least depth: one kernel call per depth, every call continuing the chains; the default plan's bits.
        Gemm.Plan one = new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.SCALAR, 6, 16, 1);
        Problem pr = new Problem(false, false, 7, 17, 5, 3);
        assertArrayEquals(pr.simd(1f, 0f, new Gemm.Workspace()), pr.simd(one, 1f, 0f, new Gemm.Workspace()), one.toString());
        assertThrows(IllegalArgumentException.class, () -> new Gemm.Plan(Gemm.Kernel.V256_6x2, null, 6, 16));
        assertThrows(IllegalArgumentException.class, () -> new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.SCALAR, 0, 16));
        assertThrows(IllegalArgumentException.class, () -> new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.SCALAR, 6, 0));
        // one tile each way is the smallest plan
        assertEquals(6, new Gemm.Plan(Gemm.Kernel.V256_6x2, Gemm.Pack.SCALAR, 6, 16).mc());
    }

    /** A training step's three batch-sized products each take their class's plan, the rest the bulk one; use() swaps them. */
    @Test
    void callsTakeThePlanOfTheirShapeClass() {
        java.util.Map<Gemm.Shape, Gemm.Plan> saved = Gemm.plans();
        try {
            Gemm.Plan nt = Gemm.Plan.of(Gemm.Kernel.V256_4x3, Gemm.Pack.SCALAR), nn = Gemm.Plan.of(Gemm.Kernel.V128_6x2, Gemm.Pack.INTERLEAVE),
                    tn = Gemm.Plan.of(Gemm.Kernel.V256_5x2, Gemm.Pack.TRANSPOSE8), bulk = Gemm.Plan.of(Gemm.Kernel.V128_8x3, Gemm.Pack.TRANSPOSE16);
            java.util.Map<Gemm.Shape, Gemm.Plan> all = java.util.Map.of(Gemm.Shape.THIN_NT, nt, Gemm.Shape.THIN_NN, nn, Gemm.Shape.THIN_TN, tn, Gemm.Shape.BULK, bulk);
            Gemm.use(all);
            assertEquals(all, Gemm.plans(), "the plans in use, as reported");
            assertEquals(nt, Gemm.plan(false, true, 50, 500), "forward X W^T");
            assertEquals(nn, Gemm.plan(false, false, 50, 1000), "input gradient dY W");
            assertEquals(tn, Gemm.plan(true, false, 1000, 50), "weight gradient dY^T X");
            assertEquals(tn, Gemm.plan(true, true, 1000, 50), "TT goes with TN");
            assertEquals(nn, Gemm.plan(false, false, 1000, Gemm.THIN), "k at the bound is batch-sized");
            assertEquals(nn, Gemm.plan(false, false, Gemm.THIN, Gemm.THIN + 1), "m at the bound is batch-sized");
            assertEquals(bulk, Gemm.plan(false, true, 1000, 500));
            assertEquals(bulk, Gemm.plan(true, false, Gemm.THIN + 1, Gemm.THIN + 1));
            Gemm.use(java.util.Map.of(Gemm.Shape.BULK, bulk));
            assertEquals(Gemm.defaultPlan(), Gemm.plan(false, true, 50, 500), "a class left out runs the default plan");
            assertEquals(java.util.Map.of(Gemm.Shape.THIN_NT, PLAN, Gemm.Shape.THIN_NN, PLAN, Gemm.Shape.THIN_TN, PLAN, Gemm.Shape.BULK, bulk), Gemm.plans());
        } finally {
            Gemm.use(saved);
        }
    }

    /**
     * The entry point runs the SIMD gemm with its shape class's plan, or with SIMD off the scalar twin. The two differ
     * in the last bits here (one fused chain per element against a multiply and an add per step), so the bits show which ran.
     */
    @Test
    void gemmRunsTheSideTheSwitchNames() {
        Problem pr = new Problem(false, true, 50, 37, 200, 5);
        Gemm.Workspace ws = new Gemm.Workspace();
        float[] c = pr.c0.clone();
        Gemm.gemm(pr.ta, pr.tb, pr.m, pr.n, pr.k, -0.5f, pr.a, pr.aOff, pr.lda, pr.b, pr.bOff, pr.ldb, 0.3f, c, pr.cOff, pr.ldc, ws);
        float[] simd = pr.simd(Gemm.plan(pr.ta, pr.tb, pr.m, pr.k), -0.5f, 0.3f, ws), scalar = pr.scalar(-0.5f, 0.3f);
        assertTrue(!Arrays.equals(simd, scalar), "the twins' bits differ on this problem");
        KernelTesting.assertSameBits(Simd.ENABLED ? simd : scalar, c, "gemm");
    }
}
