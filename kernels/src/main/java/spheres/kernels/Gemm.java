package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with {@code op(A)} of shape {@code m x k} and {@code op(B)} of
 * shape {@code k x n}. {@code transA} means A is stored {@code k x m} (leading dimension {@code lda >= m});
 * likewise for B. {@code beta == 0} overwrites C (NaNs in C are not propagated), as BLAS does.
 *
 * <p>{@link #gemmSimd} is GotoBLAS/BLIS-shaped: blocks of n (NC) and k (KC); B packed into {@code KC x NR} panels,
 * A into {@code MR x KC} panels (zero-padded), and one register-blocked micro-kernel that keeps an {@code MR x NR}
 * tile in vector registers: per step p, NV vector loads of B, MR broadcasts of A, MR * NV fmas. Transposes are
 * absorbed by packing (transposed B with gathers, or {@link Transpose16} where the JVM compiles it well), so NN, NT,
 * TN and TT share the kernel. The kernel writes its
 * sums to a small tile buffer; a separate loop folds them into C, vector-wise for whole tiles and element-wise at
 * the edges, with the same arithmetic. (Epilogue code inside the kernel made C2 stop inlining and box vectors.)
 *
 * <p>Determinism: element (i, j) of C is one fused multiply-add chain over p, in order, within each block of KC
 * (a constant), then {@code alpha * sum + beta * C} for the first block and {@code alpha * sum + C} for later
 * ones. Nothing depends on m, n, offsets or where tiles fall, so any split of C into row or column blocks gives
 * the same bits (GemmTest checks it). Tests: {@code mvn -q -pl kernels test -Dtest=GemmTest}; speed:
 * {@code GemmBench} in the bench module.
 */
public final class Gemm {
    private Gemm() {}

    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = F.length();
    /**
     * Micro-kernel shape, MR rows by NV vectors (NR = NV * L columns). AVX-512 (32 registers): 10 x 2 vectors,
     * 20 accumulators, and batch 50 or width 1000 split into whole tiles. AVX2 (16 registers): 6 x 2 vectors.
     */
    private static final boolean WIDE = L >= 16;
    private static final int MR = WIDE ? 10 : 6;
    private static final int NV = 2;
    private static final int NR = NV * L;
    /**
     * Depth of one packed block. It fixes the order of additions, so it is a constant, never derived from a call.
     * 1024 rather than the textbook L1-sized 256: each block adds one read and write of C, and on Zen 4 (1 MiB L2)
     * one pass over C for the paper's depths (500, 1000) outweighs B's micro-panel streaming from L2 instead of L1
     * (KC 256 -> 512: NN 1000^3 +5 %, attack step +6 %; 512 -> 1024: train and attack steps +2-3 %; RESULTS.md).
     */
    static final int KC = 1024;
    /** Rows of A packed per block (L2) and columns of B packed per block; these only change speed. */
    static final int MC = MR * 24;
    static final int NC = NR * 32;
    /** Below this depth a tile does too little work per store of C to ignore the order C is written in. */
    private static final int SHALLOW = 128;
    /** Transposed panels (B for NT, A for NN) are packed with gathers where those are fast (AVX-512 parts). */
    private static final boolean GATHER = WIDE;

    /** Per-thread scratch for packed panels; reuse one per thread so that calls never allocate. */
    public static final class Workspace {
        float[] packA = new float[0];
        float[] packB = new float[0];
        final float[] tile = new float[MR * NR];
        /** Offsets j * ldb of the NR rows of a transposed B panel, for the gathering pack. */
        final int[] rows = new int[NR];
        int rowsLd = -1;
        /** Offsets r * lda of the MR rows of an A panel (lanes past MR repeat row 0), for the gathering pack. */
        final int[] aRows = new int[L];
        int aRowsLd = -1;

        public Workspace() {}

        int[] aRows(int lda) {
            if (aRowsLd != lda) {
                for (int r = 0; r < L; r++) aRows[r] = r < MR ? r * lda : 0;
                aRowsLd = lda;
            }
            return aRows;
        }

        int[] rows(int ldb) {
            if (rowsLd != ldb) {
                for (int j = 0; j < NR; j++) rows[j] = j * ldb;
                rowsLd = ldb;
            }
            return rows;
        }

        float[] packA(int size) {
            if (packA.length < size) packA = new float[size];
            return packA;
        }

        float[] packB(int size) {
            if (packB.length < size) packB = new float[size];
            return packB;
        }
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, Workspace ws) {
        if (Simd.ENABLED) gemmSimd(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
        else gemmScalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The reference: a plain triple loop, accumulating each element over k in order. */
    public static void gemmScalar(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }

    public static void gemmSimd(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, Workspace ws) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            gemmScalar(transA, transB, m, n, 0, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int kcMax = Math.min(KC, k);
        float[] pa = ws.packA(roundUp(Math.min(MC, m), MR) * kcMax + L);
        float[] pb = ws.packB(roundUp(Math.min(NC, n), NR) * kcMax);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // Later blocks add to C: t + C * 1 is exactly C + t.
                float bk = pc == 0 ? beta : 1f;
                if (m <= MC && kc >= SHALLOW) {
                    // One block of A: pack each B panel just before its column of tiles, so it is used while cached (L1 up to
                    // KC 256, L2 beyond).
                    packA(ws, transA, a, aOff, lda, 0, m, pc, kc, pa);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        packB(ws, transB, b, bOff, ldb, pc, kc, jc + jr, nr, pb);
                        for (int ir = 0; ir < m; ir += MR) {
                            tile(ws, kc, pa, ir * kc, Math.min(MR, m - ir), pb, 0, nr, alpha, bk,
                                    c, cOff + ir * ldc + jc + jr, ldc);
                        }
                    }
                    continue;
                }
                packB(ws, transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(ws, transA, a, aOff, lda, ic, mc, pc, kc, pa);
                    if (kc >= SHALLOW) {
                        // GotoBLAS order: a B micro-panel stays cached (L1 or, at KC 1024, L2) while the A panels stream past it.
                        for (int jr = 0; jr < nc; jr += NR) {
                            for (int ir = 0; ir < mc; ir += MR) {
                                tile(ws, kc, pa, ir * kc, Math.min(MR, mc - ir), pb, jr * kc, Math.min(NR, nc - jr),
                                        alpha, bk, c, cOff + (ic + ir) * ldc + jc + jr, ldc);
                            }
                        }
                    } else {
                        // Shallow k: writing C dominates, so sweep C row panel by row panel (sequential streams).
                        for (int ir = 0; ir < mc; ir += MR) {
                            for (int jr = 0; jr < nc; jr += NR) {
                                tile(ws, kc, pa, ir * kc, Math.min(MR, mc - ir), pb, jr * kc, Math.min(NR, nc - jr),
                                        alpha, bk, c, cOff + (ic + ir) * ldc + jc + jr, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One MR x NR tile of C, mr x nr of it real. The kernel leaves alpha-free sums in the tile buffer; C is then
     * updated lane-wise with the same arithmetic whether the tile is whole (vectors) or at an edge (scalars).
     */
    private static void tile(Workspace ws, int kc, float[] pa, int pai, int mr, float[] pb, int pbi, int nr,
                             float alpha, float beta, float[] c, int ci, int ldc) {
        float[] t = ws.tile;
        kernel(kc, pa, pai, pb, pbi, t);
        if (mr == MR && nr == NR) {
            if (beta == 0f) {
                for (int r = 0; r < MR; r++) {
                    for (int v = 0; v < NR; v += L) {
                        FloatVector.fromArray(F, t, r * NR + v).mul(alpha).intoArray(c, ci + r * ldc + v);
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    for (int v = 0; v < NR; v += L) {
                        int i = ci + r * ldc + v;
                        FloatVector.fromArray(F, t, r * NR + v).mul(alpha)
                                .add(FloatVector.fromArray(F, c, i).mul(beta)).intoArray(c, i);
                    }
                }
            }
        } else {
            for (int r = 0; r < mr; r++) {
                int ti = r * NR, cr = ci + r * ldc;
                if (beta == 0f) {
                    for (int j = 0; j < nr; j++) c[cr + j] = t[ti + j] * alpha;
                } else {
                    for (int j = 0; j < nr; j++) c[cr + j] = t[ti + j] * alpha + c[cr + j] * beta;
                }
            }
        }
    }

    /**
     * Packs rows ic..ic+mc of op(A), depth pc..pc+kc, into MR-row panels: panel r holds [p][MR], zero-padded.
     * Writes up to L floats past the last panel; the workspace keeps that slack.
     */
    private static void packA(Workspace ws, boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              float[] pa) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir), dst = ir * kc;
            if (transA) {
                int src = aOff + pc * lda + ic + ir;
                if (mr == MR && L >= MR && src + (kc - 1) * lda + L <= a.length) {
                    // One vector per p; its L - MR extra lanes land in the next p's slots (rewritten next) or,
                    // after the last p, in the next panel (packed later) or the workspace's slack.
                    for (int p = 0; p < kc; p++) FloatVector.fromArray(F, a, src + p * lda).intoArray(pa, dst + p * MR);
                } else {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * lda, d = dst + p * MR;
                        for (int r = 0; r < mr; r++) pa[d + r] = a[s + r];
                        for (int r = mr; r < MR; r++) pa[d + r] = 0f;
                    }
                }
            } else if (mr == MR && GATHER) {
                int[] idx = ws.aRows(lda);
                int src = aOff + (ic + ir) * lda + pc, p = 0;
                // 16 depths of the MR rows at a time; each stored row spills L - MR lanes into the next, rewritten next.
                if (Transpose16.FAST) for (; p + L <= kc; p += L) Transpose16.block(a, src + p, lda, MR, pa, dst + p * MR, MR);
                for (; p < kc; p++) FloatVector.fromArray(F, a, src + p, idx, 0).intoArray(pa, dst + p * MR);
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) pa[dst + p * MR + r] = a[src + p];
                }
                for (int r = mr; r < MR; r++) for (int p = 0; p < kc; p++) pa[dst + p * MR + r] = 0f;
            }
        }
    }

    /** Packs columns jc..jc+nc of op(B), depth pc..pc+kc, into NR-column panels: panel j holds [p][NR], zero-padded. */
    private static void packB(Workspace ws, boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr), dst = jr * kc;
            if (transB && nr == NR && GATHER) {
                int[] idx = ws.rows(ldb);
                int src = bOff + (jc + jr) * ldb + pc, p = 0;
                if (Transpose16.FAST) // 16 depths of 16 columns at a time
                    for (; p + L <= kc; p += L)
                        for (int h = 0; h < NR; h += L) Transpose16.block(b, src + h * ldb + p, ldb, L, pb, dst + p * NR + h, NR);
                for (; p < kc; p++) {
                    int d = dst + p * NR;
                    for (int v = 0; v < NR; v += L) FloatVector.fromArray(F, b, src + p, idx, v).intoArray(pb, d + v);
                }
            } else if (transB) {
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) pb[dst + p * NR + j] = b[src + p];
                }
                for (int j = nr; j < NR; j++) for (int p = 0; p < kc; p++) pb[dst + p * NR + j] = 0f;
            } else if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr, d = dst + p * NR;
                    for (int v = 0; v < NR; v += L) FloatVector.fromArray(F, b, src + v).intoArray(pb, d + v);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr, d = dst + p * NR;
                    for (int j = 0; j < nr; j++) pb[d + j] = b[src + j];
                    for (int j = nr; j < NR; j++) pb[d + j] = 0f;
                }
            }
        }
    }

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    /** tile[MR][NR] = sum over p < kc of A panel column p times B panel row p, one fma chain per element. */
    private static void kernel(int kc, float[] pa, int pai, float[] pb, int pbi, float[] t) {
        if (WIDE) kernel10x2(kc, pa, pai, pb, pbi, t);
        else kernel6x2(kc, pa, pai, pb, pbi, t);
    }

    /** 10 rows x 2 vectors; see {@link #kernel}. Generated: keep the pattern when editing. */
    private static void kernel10x2(int kc, float[] pa, int pai, float[] pb, int pbi, float[] t) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        FloatVector c80 = FloatVector.zero(F), c81 = FloatVector.zero(F);
        FloatVector c90 = FloatVector.zero(F), c91 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ao = pai + p * 10, bo = pbi + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + L);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, pa[ao + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, pa[ao + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(F, pa[ao + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(F, pa[ao + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
            FloatVector a8 = FloatVector.broadcast(F, pa[ao + 8]);
            c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
            FloatVector a9 = FloatVector.broadcast(F, pa[ao + 9]);
            c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L);
        c10.intoArray(t, 2 * L); c11.intoArray(t, 3 * L);
        c20.intoArray(t, 4 * L); c21.intoArray(t, 5 * L);
        c30.intoArray(t, 6 * L); c31.intoArray(t, 7 * L);
        c40.intoArray(t, 8 * L); c41.intoArray(t, 9 * L);
        c50.intoArray(t, 10 * L); c51.intoArray(t, 11 * L);
        c60.intoArray(t, 12 * L); c61.intoArray(t, 13 * L);
        c70.intoArray(t, 14 * L); c71.intoArray(t, 15 * L);
        c80.intoArray(t, 16 * L); c81.intoArray(t, 17 * L);
        c90.intoArray(t, 18 * L); c91.intoArray(t, 19 * L);
    }

    /** 6 rows x 2 vectors; see {@link #kernel}. Generated: keep the pattern when editing. */
    private static void kernel6x2(int kc, float[] pa, int pai, float[] pb, int pbi, float[] t) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ao = pai + p * 6, bo = pbi + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + L);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, pa[ao + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, pa[ao + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L);
        c10.intoArray(t, 2 * L); c11.intoArray(t, 3 * L);
        c20.intoArray(t, 4 * L); c21.intoArray(t, 5 * L);
        c30.intoArray(t, 6 * L); c31.intoArray(t, 7 * L);
        c40.intoArray(t, 8 * L); c41.intoArray(t, 9 * L);
        c50.intoArray(t, 10 * L); c51.intoArray(t, 11 * L);
    }
}
