package spheres.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with {@code op(A)} of shape {@code m x k} and {@code op(B)} of
 * shape {@code k x n}. {@code transA} means A is stored {@code k x m} (leading dimension {@code lda >= m});
 * likewise for B. {@code beta == 0} overwrites C (NaNs in C are not propagated), as BLAS does.
 *
 * <p>{@link #gemmSimd} is BLIS-shaped: one loop nest (blocks of n (NC) and k (KC); B packed into {@code KC x NR}
 * panels, A into {@code MR x KC} panels, zero-padded) around a register micro-kernel that keeps an {@code MR x NR}
 * tile in vector registers. What depends on the machine is data, a {@link Plan}: the micro-kernel of the
 * {@link Kernel} family (vector width, MR, NV), how transposed panels are packed ({@link Pack}), and MC and NC. Each
 * {@link Shape} class has its plan (a training step's three batch-sized products, and bulk calls); {@link #defaultPlan}
 * picks from the ISA, the JDK and the cache sizes, and a measured calibration ({@code GemmTuner}, cached by the engine)
 * may replace them ({@link #use}). The kernel writes its sums to a small tile buffer; a separate loop folds them into C. (Epilogue
 * code inside the kernel made C2 stop inlining and box vectors.)
 *
 * <p>Determinism: element (i, j) of C is one fused multiply-add chain over p, in order, within each block of KC
 * (a constant), then {@code alpha * sum + beta * C} for the first block and {@code alpha * sum + C} for later
 * ones. Nothing depends on m, n, offsets, where tiles fall, the kernel, its vector width or the packing, so any
 * split of C and any plan gives the same bits (GemmTest checks every plan against every other). Tests:
 * {@code mvn -q -pl kernels test -Dtest=GemmTest}; speed: {@code GemmBench} in the bench module.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * Depth of one packed block. It fixes the order of additions, so it is a constant, never derived from a call or a
     * plan. 1024 rather than the textbook L1-sized 256: each block adds one read and write of C, and on Zen 4 (1 MiB
     * L2) one pass over C for the paper's depths (500, 1000) outweighs B's micro-panel streaming from L2 instead of L1
     * (KC 256 -> 512: NN 1000^3 +5 %, attack step +6 %; 512 -> 1024: train and attack steps +2-3 %; RESULTS.md).
     */
    public static final int KC = 1024;
    /** Below this depth a tile does too little work per store of C to ignore the order C is written in. */
    private static final int SHALLOW = 128;
    /** Calls with m or k at most this many are batch-sized (a training step at batch 50): {@link Shape}'s THIN classes. */
    public static final int THIN = 64;

    /**
     * The micro-kernel family: MR rows by NV vectors of a {@code bits}-wide species (NR = NV x lanes columns), one
     * generated method each ({@link GemmKernels}). 512-bit shapes for AVX-512's 32 registers (10x2 for batch-sized
     * calls, 12x2 for bulk ones), 256-bit ones for AVX2 (16 registers: 6x2, 5x2, 4x2, 4x3) and for AVX-512VL (32: 12x2,
     * 8x3), 128-bit ones for NEON and SSE. 5x2 and 4x2 leave AVX2 registers spare: C2 25 keeps up to three broadcasts
     * of A live, and in 6x2 that spills an accumulator to the stack every depth step (bench/RESULTS-gemm.md).
     */
    public enum Kernel {
        V512_10x2(512, 10, 2), V512_12x2(512, 12, 2), V512_14x2(512, 14, 2), V512_8x3(512, 8, 3), V512_6x4(512, 6, 4),
        V256_6x2(256, 6, 2), V256_5x2(256, 5, 2), V256_4x2(256, 4, 2), V256_4x3(256, 4, 3), V256_12x2(256, 12, 2), V256_8x3(256, 8, 3),
        V128_6x2(128, 6, 2), V128_8x3(128, 8, 3);

        public final int bits, mr, nv, nr;
        /** The most registers a tile may need on JDK 17 to 24 ({@link #fits(int, int, int)}). */
        static final int C2_17_REGISTERS = 29;

        Kernel(int bits, int mr, int nv) {
            this.bits = bits;
            this.mr = mr;
            this.nv = nv;
            this.nr = nv * bits / 32;
        }

        /** Vector registers it keeps live: MR x NV accumulators, NV vectors of B and one broadcast of A. */
        public int registers() {
            return mr * nv + nv + 1;
        }

        /** Whether it runs at full speed here: its vectors are the hardware's, its tile fits the registers. */
        public boolean fits() {
            return Simd.ENABLED && fits(Simd.hardwareBits(), Simd.registers(), Runtime.version().feature());
        }

        /**
         * Whether it fits a machine with vectors of {@code hardwareBits} and this many registers, under this JDK's C2.
         * Only kernels of the hardware's width, on every JDK: C2 shares the Vector API's type profiles between vector
         * shapes, and once a narrower kernel has run, wider ones compiled after it can run without the intrinsics. On
         * JDK 17 with AVX2, after a 128-bit kernel, the 256-bit kernels ran at about 2 GFLOP/s (a whole calibration
         * measured 1.1-2.0 for every plan); on JDK 25 with AVX2, after a warm-up that also ran the 128-bit kernels with
         * every packing, the default 5x16 measured 13 and the calibration kept a plan that ran 1000^3 at 58 against 91
         * (bench/RESULTS-gemm.md); narrower kernels never won a calibration where they ran well. Before JDK 25, C2 also
         * cannot be trusted with a tile that needs more than {@value #C2_17_REGISTERS} of 32 registers: the 14x32 tile
         * (31) ran NN 1000^3 at 19 GFLOP/s in a JMH fork on JDK 17, against 144 for 8x48 (28), and a training step at
         * 0.48x, though a calibration in another JVM had timed it fast.
         */
        boolean fits(int hardwareBits, int registers, int jdk) {
            return bits == hardwareBits && registers() <= (jdk < 25 ? Math.min(registers, C2_17_REGISTERS) : registers);
        }

        @Override
        public String toString() {
            return bits + "-bit " + mr + "x" + nr;
        }

        /**
         * The A panel at {@code pai} times the B panel at {@code pbi} over kc, into the MR x NR tile of sums at t[ti]:
         * written there, or, with {@code more}, added to the fma chains of the sums already there.
         */
        void run(int kc, float[] pa, int pai, float[] pb, int pbi, float[] t, int ti, boolean more) {
            if (more) {
                switch (this) {
                    case V512_10x2 -> GemmKernels.k512x10x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V512_12x2 -> GemmKernels.k512x12x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V512_14x2 -> GemmKernels.k512x14x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V512_8x3 -> GemmKernels.k512x8x3More(kc, pa, pai, pb, pbi, t, ti);
                    case V512_6x4 -> GemmKernels.k512x6x4More(kc, pa, pai, pb, pbi, t, ti);
                    case V256_6x2 -> GemmKernels.k256x6x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V256_5x2 -> GemmKernels.k256x5x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V256_4x2 -> GemmKernels.k256x4x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V256_4x3 -> GemmKernels.k256x4x3More(kc, pa, pai, pb, pbi, t, ti);
                    case V256_12x2 -> GemmKernels.k256x12x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V256_8x3 -> GemmKernels.k256x8x3More(kc, pa, pai, pb, pbi, t, ti);
                    case V128_6x2 -> GemmKernels.k128x6x2More(kc, pa, pai, pb, pbi, t, ti);
                    case V128_8x3 -> GemmKernels.k128x8x3More(kc, pa, pai, pb, pbi, t, ti);
                }
            } else {
                switch (this) {
                    case V512_10x2 -> GemmKernels.k512x10x2(kc, pa, pai, pb, pbi, t, ti);
                    case V512_12x2 -> GemmKernels.k512x12x2(kc, pa, pai, pb, pbi, t, ti);
                    case V512_14x2 -> GemmKernels.k512x14x2(kc, pa, pai, pb, pbi, t, ti);
                    case V512_8x3 -> GemmKernels.k512x8x3(kc, pa, pai, pb, pbi, t, ti);
                    case V512_6x4 -> GemmKernels.k512x6x4(kc, pa, pai, pb, pbi, t, ti);
                    case V256_6x2 -> GemmKernels.k256x6x2(kc, pa, pai, pb, pbi, t, ti);
                    case V256_5x2 -> GemmKernels.k256x5x2(kc, pa, pai, pb, pbi, t, ti);
                    case V256_4x2 -> GemmKernels.k256x4x2(kc, pa, pai, pb, pbi, t, ti);
                    case V256_4x3 -> GemmKernels.k256x4x3(kc, pa, pai, pb, pbi, t, ti);
                    case V256_12x2 -> GemmKernels.k256x12x2(kc, pa, pai, pb, pbi, t, ti);
                    case V256_8x3 -> GemmKernels.k256x8x3(kc, pa, pai, pb, pbi, t, ti);
                    case V128_6x2 -> GemmKernels.k128x6x2(kc, pa, pai, pb, pbi, t, ti);
                    case V128_8x3 -> GemmKernels.k128x8x3(kc, pa, pai, pb, pbi, t, ti);
                }
            }
        }

        /**
         * The kernel {@link Pack#ROWS} runs its transposed products with: of this one's width, the one with the most
         * columns among those that fit this machine's registers (this one if none does), since there the columns are the
         * batch's rows, which one panel should hold. On AVX-512 that is 6x64: a batch of 50 in one panel, the weights'
         * rows read once; 10x32 ran the same product 25 % slower, in two panels (Zen 5, JDK 17).
         */
        Kernel rowsKernel() {
            return RowsKernels.OF[ordinal()];
        }

        /** {@link #rowsKernel} of each kernel, by ordinal: worked out once, since a product asks on every call. */
        private static final class RowsKernels {
            static final Kernel[] OF = java.util.Arrays.stream(values()).map(k -> {
                Kernel best = k;
                for (Kernel o : values()) {
                    if (o.bits == k.bits && o.fits() && (o.nr > best.nr || !best.fits())) best = o;
                }
                return best;
            }).toArray(Kernel[]::new);
        }

        /** {@link #run} with A's MR rows read in place, {@code lda} floats apart from {@code ai}, instead of a packed panel. */
        void runRows(int kc, float[] a, int ai, int lda, float[] pb, int pbi, float[] t, int ti, boolean more) {
            if (more) {
                switch (this) {
                    case V512_10x2 -> GemmKernels.k512x10x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_12x2 -> GemmKernels.k512x12x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_14x2 -> GemmKernels.k512x14x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_8x3 -> GemmKernels.k512x8x3RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_6x4 -> GemmKernels.k512x6x4RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_6x2 -> GemmKernels.k256x6x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_5x2 -> GemmKernels.k256x5x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_4x2 -> GemmKernels.k256x4x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_4x3 -> GemmKernels.k256x4x3RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_12x2 -> GemmKernels.k256x12x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_8x3 -> GemmKernels.k256x8x3RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V128_6x2 -> GemmKernels.k128x6x2RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                    case V128_8x3 -> GemmKernels.k128x8x3RowsMore(kc, a, ai, lda, pb, pbi, t, ti);
                }
            } else {
                switch (this) {
                    case V512_10x2 -> GemmKernels.k512x10x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_12x2 -> GemmKernels.k512x12x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_14x2 -> GemmKernels.k512x14x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_8x3 -> GemmKernels.k512x8x3Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V512_6x4 -> GemmKernels.k512x6x4Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_6x2 -> GemmKernels.k256x6x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_5x2 -> GemmKernels.k256x5x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_4x2 -> GemmKernels.k256x4x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_4x3 -> GemmKernels.k256x4x3Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_12x2 -> GemmKernels.k256x12x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V256_8x3 -> GemmKernels.k256x8x3Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V128_6x2 -> GemmKernels.k128x6x2Rows(kc, a, ai, lda, pb, pbi, t, ti);
                    case V128_8x3 -> GemmKernels.k128x8x3Rows(kc, a, ai, lda, pb, pbi, t, ti);
                }
            }
        }
    }

    /**
     * How a panel whose source runs the other way (B of NT, A of NN) is packed, in groups of rows: 16 x 16 register
     * transposes (fast where the JIT compiles 512-bit permutes well: JDK 25 with AVX-512), 8 x 8 ones (256-bit), rows
     * interleaved by scalar code (16 or 8 rows at a time, each depth's floats written together), or the scalar twin.
     * Rows left over from the groups are copied by scalar loops. INTERLEAVE replaced 8-lane gathers: JDK 17's C2 compiled the gather with an allocation of its index vector per depth
     * whenever other vector shapes had been used in the JVM before (a shape switch inside the Vector API, whose
     * profile all callers share), which is what made JDK 17's training step depend on what ran before it (ReLU+BN
     * step 145-160 steps/s alone, 190-210 after a sgemm benchmark); the copies run it at 179-200 either way.
     */
    public enum Pack {
        TRANSPOSE16(512), TRANSPOSE8(256), INTERLEAVE(0), SCALAR(0),
        /**
         * Rows that run against the grain are not packed where the kernel can read them in place, as the operand it
         * broadcasts from: A's rows, when A is not transposed and has more than {@link #THIN} rows (but for a short
         * last tile's, copied); and in a product {@code A B^T} with few rows (m at most {@link #THIN}, B's panels not
         * kept), B's rows, by computing its transpose {@code C^T = B A^T} with A (the batch, m x k) interleaved into B
         * panels ({@code gemmRows}). What is still transposed into panels is packed as INTERLEAVE packs it. At batch 50
         * this packs 50 x k floats instead of transposing the n x k weights, whose packing took as long as the
         * arithmetic on a Zen 5; bulk products with kept panels gained 1-13 % there (bench/RESULTS-gemm.md).
         */
        ROWS(0);

        /** The vector width its shuffles use (0: none). */
        final int bits;

        Pack(int bits) {
            this.bits = bits;
        }

        /**
         * Whether it runs at full speed here: no vectors, or the hardware's, as for {@link Kernel#fits}. A wider packing
         * runs on the Vector API's fallback, 20-30x slower (16 x 16 transposes on the AVX2 path packed at 3-4 GFLOP/s of
         * the step); a narrower one gains nothing and risks what narrower kernels did (bench/RESULTS-gemm.md). Before
         * JDK 25 the 16 x 16 transposes do not fit either: C2 17 leaves 512-bit permutes on a slow path (2-3x slower,
         * never chosen), and a calibration that had timed them left the training step run next in the same JVM at
         * 139-149 steps/s in two runs of three (a JVM that loaded the cache: 181-192; without them, 182-189 in four of
         * four).
         */
        public boolean fits() {
            return fits(Simd.hardwareBits(), Runtime.version().feature());
        }

        boolean fits(int hardwareBits, int jdk) {
            return Simd.ENABLED && (bits == 0 || bits == hardwareBits && (bits < 512 || jdk >= 25));
        }
    }

    /**
     * What a machine's sgemm runs: a kernel, a packing, the rows of A (MC) and columns of B (NC) packed per block, and
     * the depth the kernel runs at a time (KB: B's KB x NR sub-panel stays in L1 while a column of A panels passes it).
     */
    public record Plan(Kernel kernel, Pack pack, int mc, int nc, int kb) {
        public Plan {
            if (kernel == null || pack == null) throw new IllegalArgumentException("a plan needs a kernel and a packing");
            if (kb < 1) throw new IllegalArgumentException("KB " + kb + " is not a positive depth");
            if (mc < kernel.mr || mc % kernel.mr != 0)
                throw new IllegalArgumentException("MC " + mc + " is not a positive multiple of MR " + kernel.mr);
            if (nc < kernel.nr || nc % kernel.nr != 0)
                throw new IllegalArgumentException("NC " + nc + " is not a positive multiple of NR " + kernel.nr);
        }

        /** MC and NC as given, KB from this machine's L1. */
        public Plan(Kernel kernel, Pack pack, int mc, int nc) {
            this(kernel, pack, mc, nc, kernel == null ? KC : blockDepth(kernel)); // a missing kernel is refused below
        }

        /** The same kernel and packing with MC, NC and KB derived from this machine's caches. */
        public static Plan of(Kernel kernel, Pack pack) {
            return new Plan(kernel, pack, blockRows(kernel), blockColumns(kernel));
        }

        /** This plan with the kernel run {@code kb} depths at a time. */
        public Plan withKb(int kb) {
            return new Plan(kernel, pack, mc, nc, kb);
        }

        @Override
        public String toString() {
            String packing = pack != Pack.ROWS ? pack.name().toLowerCase() + " packing"
                    : "rows in place (a batch's A B^T transposed, by " + kernel.rowsKernel() + ")";
            return kernel + " kernel, " + packing + ", MC " + mc + ", NC " + nc + ", KB " + kb;
        }
    }

    /** L1 data, L2 and L3 bytes per core as Linux reports them (sysfs), or typical values where it does not. */
    static final long L1 = cacheBytes(1, 32 << 10);
    static final long L2 = cacheBytes(2, 1 << 20);
    static final long L3_PER_CORE = cacheBytes(3, (4L << 20) * Runtime.getRuntime().availableProcessors())
            / Math.max(1, Runtime.getRuntime().availableProcessors());

    private static long cacheBytes(int level, long fallback) {
        for (int index = 0; index < 8; index++) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + index);
            try {
                if (!Files.readString(dir.resolve("level")).trim().equals(Integer.toString(level))) continue;
                if (Files.readString(dir.resolve("type")).trim().equals("Instruction")) continue;
                String size = Files.readString(dir.resolve("size")).trim();
                long unit = size.endsWith("K") ? 1 << 10 : size.endsWith("M") ? 1 << 20 : 1;
                return Long.parseLong(size.replaceAll("[KM]$", "")) * unit;
            } catch (IOException | RuntimeException e) {
                // not Linux, or no such level: the fallback below
            }
        }
        return fallback;
    }

    /**
     * KB: B's KB x NR sub-panel fills two thirds of L1, the rest left to the A panel streaming past it and the tile's
     * sums; a multiple of 16, at least 64 and at most {@link #KC}. Any KB gives the same bits: the tile's fma chains
     * continue from one KB block to the next. Before JDK 25 it is KC: C2 17 compiles the kernels that continue
     * chains slowly (8x48 ten times, 10x32 15 % slower), so there the depth is not split.
     */
    static int blockDepth(Kernel kernel) {
        return blockDepth(kernel, L1, Runtime.version().feature());
    }

    /**
     * The depths a calibration times a kernel at: {@link #blockDepth} and, where that splits the depth, KC unsplit.
     * Which is faster depends on the machine: on a Sapphire Rapids the L1-sized blocks gained 5-8 % on bulk products,
     * on a Zen 5 the 6x64 kernel reading A's rows in place ran NN 1000^3 8-10 % faster
     * unsplit, the rows then streaming 1024 floats at a time rather than 128 (bench/RESULTS-gemm.md, eleventh session).
     */
    static int[] depths(Kernel kernel) {
        int split = blockDepth(kernel);
        return split == KC ? new int[] {KC} : new int[] {split, KC};
    }

    /** KB for an L1 of {@code l1} bytes and this JDK: a function of them, so that every machine's is testable on any. */
    static int blockDepth(Kernel kernel, long l1, int jdkFeature) {
        if (jdkFeature < 25) return KC;
        long depth = l1 * 2 / 3 / (4L * kernel.nr) / 16 * 16;
        return (int) Math.max(64, Math.min(KC, depth));
    }

    /** MC: an A block of MC x KC floats fills half of L2, so B's micro-panel and C's tiles keep the other half. */
    static int blockRows(Kernel kernel) {
        return blockRows(kernel, L2);
    }

    /** MC for an L2 of {@code l2} bytes: a function of the cache, so that every machine's is testable on any. */
    static int blockRows(Kernel kernel, long l2) {
        long rows = l2 / 2 / (4L * KC);
        return (int) Math.max(4, Math.min(48, rows / kernel.mr)) * kernel.mr;
    }

    /** NC: a B block of KC x NC floats fills half of this core's share of L3 (8 to 32 micro-panels). */
    static int blockColumns(Kernel kernel) {
        return blockColumns(kernel, L3_PER_CORE);
    }

    static int blockColumns(Kernel kernel, long l3PerCore) {
        long cols = l3PerCore / 2 / (4L * KC);
        return (int) Math.max(8, Math.min(32, cols / kernel.nr)) * kernel.nr;
    }

    /**
     * The plan with no calibration: the widest vectors this machine has, in the shape that leaves registers for B and
     * A (10x2 with 32 registers of 16 lanes; with AVX2's 16, BLIS's 6x16 on JDK 17 and 5x16 from JDK 25 on, whose C2
     * spills an accumulator of 6x16), and the packing that measured fastest for that ISA and JDK (with AVX-512: 16 x 16
     * transposes on JDK 25, rows interleaved by scalar code on JDK 17, which runs the transposes' 256- and 512-bit shuffles 2-3x slower there;
     * with AVX2, 8 x 8 transposes). The batch-sized classes start from it; bulk calls from {@link #defaultPlan(Shape)}.
     */
    public static Plan defaultPlan() {
        // Simd.hardwareBits(), not Simd.F's: any gemm plan gives the same bits, so --reproducible need not slow it.
        return defaultPlan(Simd.hardwareBits(), Simd.registers(), Runtime.version().feature());
    }

    /** The plan a class of calls runs with no calibration: {@link #defaultPlan()}, or for bulk calls {@link #bulk}'s. */
    public static Plan defaultPlan(Shape shape) {
        return shape == Shape.BULK ? bulk(defaultPlan()) : defaultPlan();
    }

    /**
     * The bulk plan from a machine's default: with 512-bit vectors the 12x32 tile (27 registers, so JDK 17's C2 runs it
     * too) instead of 10x32. Two more rows of A per B vector load: NN 1000^3 +8-12 % with kept panels and +10 % on a
     * 500-deep NT (JDK 17 and 25, alternated in one JVM), while batch-50 products lose 9 % to its padding (50 rows in
     * 12-row panels), so the batch-sized classes keep 10x32 (bench/RESULTS-gemm.md, eighth session).
     */
    static Plan bulk(Plan base) {
        return base.kernel == Kernel.V512_10x2 ? Plan.of(Kernel.V512_12x2, base.pack) : base;
    }

    /** The plan a machine with these vectors, registers and JDK gets: a function of them, so each ISA's is testable anywhere. */
    static Plan defaultPlan(int bits, int registers, int jdkFeature) {
        boolean jdk25 = jdkFeature >= 25;
        Kernel kernel = bits >= 512 ? Kernel.V512_10x2
                : bits >= 256 ? (registers >= 32 ? Kernel.V256_12x2 : jdk25 ? Kernel.V256_5x2 : Kernel.V256_6x2)
                : (registers >= 32 ? Kernel.V128_8x3 : Kernel.V128_6x2);
        Pack pack = bits >= 512 ? (jdk25 ? Pack.TRANSPOSE16 : Pack.INTERLEAVE) : bits >= 256 ? Pack.TRANSPOSE8 : Pack.SCALAR;
        return Plan.of(kernel, pack);
    }

    /**
     * The classes of calls a plan is chosen for. A training step's three batch-sized products (m or k at most
     * {@link #THIN}) each have a class, since each packs a different operand against its grain: the forward pass
     * {@code X W^T} transposes the weights into B's panels, the input gradient {@code dY W} transposes the batch's
     * gradient into A's, the weight gradient {@code dY^T X} transposes neither. They may run different plans; the
     * calibration gives them one today ({@code GemmTuner.tuneStep} says why). Every other call is bulk.
     */
    public enum Shape {
        /** Batch-sized, B transposed: the forward pass. */
        THIN_NT("batch-sized NT (forward)"),
        /** Batch-sized, nothing transposed: the input gradient. */
        THIN_NN("batch-sized NN (input gradient)"),
        /** Batch-sized, A transposed (and TT, which the engine does not call): the weight gradient. */
        THIN_TN("batch-sized TN (weight gradient)"),
        /** m and k above {@link #THIN}: an evaluation or attack at batch 1000, 1000^3. */
        BULK("bulk");

        public final String label;

        Shape(String label) {
            this.label = label;
        }

        public static Shape of(boolean transA, boolean transB, int m, int k) {
            if (Math.min(m, k) > THIN) return BULK;
            return transA ? THIN_TN : transB ? THIN_NT : THIN_NN;
        }
    }

    /** The plan of each shape class, indexed by ordinal; replaced whole, so a reader sees one consistent set. */
    private static volatile Plan[] plans = defaults();

    private static Plan[] defaults() {
        Plan[] p = new Plan[Shape.values().length];
        for (Shape s : Shape.values()) p[s.ordinal()] = defaultPlan(s);
        return p;
    }

    /** Runs each shape class with its plan in {@code chosen}; a class it leaves out gets {@link #defaultPlan(Shape)}. */
    public static void use(java.util.Map<Shape, Plan> chosen) {
        Plan[] p = defaults();
        chosen.forEach((shape, plan) -> p[shape.ordinal()] = java.util.Objects.requireNonNull(plan, shape.label));
        plans = p;
    }

    /** The plans in use, per shape class. */
    public static java.util.Map<Shape, Plan> plans() {
        java.util.Map<Shape, Plan> m = new java.util.EnumMap<>(Shape.class);
        Plan[] p = plans;
        for (Shape s : Shape.values()) m.put(s, p[s.ordinal()]);
        return m;
    }

    /** The plan a call of this shape runs with. */
    public static Plan plan(boolean transA, boolean transB, int m, int k) {
        return plans[Shape.of(transA, transB, m, k).ordinal()];
    }

    /** Per-thread scratch for packed panels; reuse one per thread so that calls never allocate. */
    public static final class Workspace {
        private static final int TILE = java.util.Arrays.stream(Kernel.values()).mapToInt(k -> k.mr * k.nr).max().orElseThrow();
        float[] packA = new float[0];
        float[] packB = new float[0];
        final float[] tile = new float[TILE];
        /** The sums of a column of tiles while the depth blocks pass ({@code column}). */
        float[] part = new float[0];
        public Workspace() {}

        float[] packA(int size) {
            if (packA.length < size) packA = new float[size];
            return packA;
        }

        float[] packB(int size) {
            if (packB.length < size) packB = new float[size];
            return packB;
        }

        float[] part(int size) {
            if (part.length < size) part = new float[size];
            return part;
        }
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, Workspace ws) {
        gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws, null);
    }

    /** The same, B's panels taken from {@code keep} (packed there by the first call), or packed per call where it is null. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, Workspace ws, Panels keep) {
        if (Simd.ENABLED) gemmSimd(plan(transA, transB, m, k), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws, keep);
        else gemmScalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * B's packed panels, kept between calls that multiply by the same B: the weights of an evaluation or an attack,
     * which do not change, were packed again by every call (a tenth of an attack step's time went to packing B). The
     * first call packs all of B's depth blocks; a later call with the same plan, transposition, array, offset, leading
     * dimension and shape uses them as they are, another one packs again. Whether B's values are still those packed is
     * the caller's to know: the engine keeps panels only for tensors it holds frozen ({@code Backend.freeze}). Threads
     * may share one: the first packs while the others wait.
     */
    public static final class Panels {
        /** What the panels were packed from: B's array by identity (a record compares an array component so), its geometry. */
        private record Source(Plan plan, boolean trans, float[] b, int off, int ld, int n, int k) {}

        private float[] data = new float[0];
        private Source source;

        public Panels() {}

        /** The panels of this B, packed now unless they are already. */
        synchronized float[] of(Plan plan, boolean trans, float[] b, int off, int ld, int n, int k) {
            Source asked = new Source(plan, trans, b, off, ld, n, k);
            if (asked.equals(source)) return data;
            int width = roundUp(n, plan.kernel.nr);
            if (data.length < (long) width * k) data = new float[width * k];
            // Depth block pc's panels from pc * width: the columns of all of B's panels before it are KC deep.
            for (int pc = 0; pc < k; pc += KC) packB(plan, trans, b, off, ld, pc, Math.min(KC, k - pc), 0, n, data, pc * width);
            source = asked;
            return data;
        }
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

    /** The packed, register-blocked gemm with the given plan (any plan gives the same bits). */
    public static void gemmSimd(Plan plan, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, Workspace ws) {
        gemmSimd(plan, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws, null);
    }

    /** The same, B's panels from {@code keep} where it is not null ({@link Panels}). */
    public static void gemmSimd(Plan plan, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, Workspace ws, Panels keep) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            gemmScalar(transA, transB, m, n, 0, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (plan.pack == Pack.ROWS && transB && !transA && keep == null && m <= THIN) {
            gemmRows(plan.kernel.rowsKernel(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
            return;
        }
        Kernel kernel = plan.kernel;
        int mrMax = kernel.mr, nrMax = kernel.nr, mcMax = plan.mc;
        // NC bounds the B block packed per call; kept panels are all of B already, so they are one block, and each block of
        // A is packed once instead of once per NC columns (AVX2's 512 columns: twice for n = 1000; the kept-panel product
        // 1000^3 +2-3 % on JDK 25 with AVX2, three alternated pairs, bench/RESULTS-gemm.md).
        int ncMax = keep != null ? Math.max(plan.nc, roundUp(n, nrMax)) : plan.nc;
        int kcMax = Math.min(KC, k);
        float[] pa = ws.packA(roundUp(Math.min(mcMax, m), mrMax) * kcMax);
        // Kept panels: all of B, depth block pc's from pc * width; else one block (or one panel) at a time from 0.
        float[] pb = keep != null ? keep.of(plan, transB, b, bOff, ldb, n, k) : ws.packB(roundUp(Math.min(ncMax, n), nrMax) * kcMax);
        int width = roundUp(n, nrMax);
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc), pb0 = keep != null ? pc * width + jc * kc : 0;
                // Later blocks add to C: t + C * 1 is exactly C + t.
                float bk = pc == 0 ? beta : 1f;
                // ROWS: A's rows are read where they lie (not transposed into panels), but for a short last tile's; only
                // for a large A: a batch's is cheap to pack, and read in place by the 10x32 kernel it made the batch-sized
                // NN product slower in a JVM that had run the other workloads (137-150 against 177 GFLOP/s, Zen 5).
                float[] inPlace = plan.pack == Pack.ROWS && !transA && kc >= SHALLOW && m > THIN ? a : null;
                if (m <= mcMax && kc >= SHALLOW) {
                    // One block of A: pack each B panel just before its column of tiles, so it is used while cached.
                    prepareA(plan, transA, inPlace, a, aOff, lda, 0, m, pc, kc, pa);
                    for (int jr = 0; jr < nc; jr += nrMax) {
                        int nr = Math.min(nrMax, nc - jr);
                        if (keep == null) packB(plan, transB, b, bOff, ldb, pc, kc, jc + jr, nr, pb, 0);
                        column(ws, plan, kc, pa, inPlace, aOff + pc, lda, m, pb, keep != null ? pb0 + jr * kc : 0, nr, alpha, bk, c,
                                cOff + jc + jr, ldc);
                    }
                    continue;
                }
                if (keep == null) packB(plan, transB, b, bOff, ldb, pc, kc, jc, nc, pb, 0);
                for (int ic = 0; ic < m; ic += mcMax) {
                    int mc = Math.min(mcMax, m - ic);
                    prepareA(plan, transA, inPlace, a, aOff, lda, ic, mc, pc, kc, pa);
                    if (kc >= SHALLOW) {
                        // GotoBLAS order: a B micro-panel stays cached while the A panels stream past it.
                        for (int jr = 0; jr < nc; jr += nrMax) {
                            column(ws, plan, kc, pa, inPlace, aOff + ic * lda + pc, lda, mc, pb, pb0 + jr * kc,
                                    Math.min(nrMax, nc - jr), alpha, bk, c, cOff + ic * ldc + jc + jr, ldc);
                        }
                    } else {
                        // Shallow k: writing C dominates, so sweep C row panel by row panel (sequential streams).
                        for (int ir = 0; ir < mc; ir += mrMax) {
                            for (int jr = 0; jr < nc; jr += nrMax) {
                                tile(ws, plan, kc, pa, ir * kc, Math.min(mrMax, mc - ir), pb, pb0 + jr * kc,
                                        Math.min(nrMax, nc - jr), alpha, bk, c, cOff + (ic + ir) * ldc + jc + jr, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code C = alpha A B^T + beta C} computed as its transpose {@code C^T = B A^T} ({@link Pack#ROWS}): per depth block,
     * A's m rows are interleaved into B panels of NR columns, and the kernel runs over B's rows in place, MR at a time
     * (the last, short group copied into a zero-padded block first), each tile folded into C across its grain. Element
     * (i, j) is still one fma chain over p from zero, of the products {@code B[j][p] * A[i][p]}, which are the same
     * floats as {@code A[i][p] * B[j][p]}: the same bits as {@link #gemmSimd} and the scalar twin.
     */
    private static void gemmRows(Kernel kernel, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, Workspace ws) {
        int mr = kernel.mr, nr = kernel.nr, kcMax = Math.min(KC, k);
        float[] pb = ws.packB(roundUp(m, nr) * kcMax), edge = ws.packA(mr * kcMax), t = ws.tile;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            float bk = pc == 0 ? beta : 1f;
            for (int jr = 0; jr < m; jr += nr) {
                int w = Math.min(nr, m - jr);
                transposeRows(Pack.INTERLEAVE, a, aOff + jr * lda + pc, lda, w, kc, pb, jr * kc, nr);
                zeroColumns(pb, jr * kc, nr, w, kc);
            }
            for (int ir = 0; ir < n; ir += mr) {
                int rows = Math.min(mr, n - ir), s = bOff + ir * ldb + pc, ld = ldb;
                float[] src = b;
                if (rows < mr) {
                    packEdge(b, s, ldb, rows, kc, edge, mr);
                    src = edge;
                    s = 0;
                    ld = kc;
                }
                for (int jr = 0; jr < m; jr += nr) {
                    kernel.runRows(kc, src, s, ld, pb, jr * kc, t, 0, false);
                    int cols = Math.min(nr, m - jr);
                    // Tile row r is column ir + r of C, tile column j its row jr + j; the same arithmetic as update's.
                    for (int j = 0; j < cols; j++) {
                        int ci = cOff + (jr + j) * ldc + ir;
                        if (bk == 0f) {
                            for (int r = 0; r < rows; r++) c[ci + r] = t[r * nr + j] * alpha;
                        } else {
                            for (int r = 0; r < rows; r++) c[ci + r] = t[r * nr + j] * alpha + c[ci + r] * bk;
                        }
                    }
                }
            }
        }
    }

    /**
     * A column of tiles: the mc rows of the A block (packed in {@code pa}, or with {@code inPlace} its rows there from
     * {@code a0}, {@code lda} apart, but for a short last tile's, which {@link #prepareA} put in {@code pa}) against
     * the B panel at {@code pbi} (nr of its NR columns real), into C from {@code ci}. The depth runs in blocks of KB,
     * each over every tile of the column, so that B's KB x NR sub-panel is read from L1 by all of them; each tile's
     * sums wait in {@code part} between blocks and continue there, so every element is still one fma chain over the kc
     * depths.
     */
    private static void column(Workspace ws, Plan plan, int kc, float[] pa, float[] inPlace, int a0, int lda, int mc,
                               float[] pb, int pbi, int nr, float alpha, float beta, float[] c, int ci, int ldc) {
        Kernel kernel = plan.kernel;
        int mrMax = kernel.mr, size = mrMax * kernel.nr, tiles = (mc + mrMax - 1) / mrMax;
        float[] part = ws.part(tiles * size);
        for (int p = 0; p < kc; p += plan.kb) {
            int d = Math.min(plan.kb, kc - p);
            boolean last = p + d == kc;
            for (int ir = 0, ti = 0; ir < mc; ir += mrMax, ti += size) {
                if (inPlace == null) kernel.run(d, pa, ir * kc + p * mrMax, pb, pbi + p * kernel.nr, part, ti, p > 0);
                else if (ir + mrMax <= mc) kernel.runRows(d, inPlace, a0 + ir * lda + p, lda, pb, pbi + p * kernel.nr, part, ti, p > 0);
                else kernel.runRows(d, pa, p, kc, pb, pbi + p * kernel.nr, part, ti, p > 0); // the short last tile (prepareA)
                // The last block folds each tile into C while its sums are in L1.
                if (last) update(kernel, part, ti, Math.min(mrMax, mc - ir), nr, alpha, beta, c, ci + ir * ldc, ldc);
            }
        }
    }

    /** One MR x NR tile of C, mr x nr of it real, over the whole depth at once (shallow depths). */
    private static void tile(Workspace ws, Plan plan, int kc, float[] pa, int pai, int mr, float[] pb, int pbi, int nr,
                             float alpha, float beta, float[] c, int ci, int ldc) {
        Kernel kernel = plan.kernel;
        float[] t = ws.tile;
        for (int p = 0; p < kc; p += plan.kb) {
            kernel.run(Math.min(plan.kb, kc - p), pa, pai + p * kernel.mr, pb, pbi + p * kernel.nr, t, 0, p > 0);
        }
        update(kernel, t, 0, mr, nr, alpha, beta, c, ci, ldc);
    }

    /**
     * Folds a tile's alpha-free sums (at t[ti], rows of NR) into C, mr x nr of it real, with the same arithmetic
     * (multiply, multiply, add) by vectors for whole rows and elementwise at an edge.
     */
    private static void update(Kernel kernel, float[] t, int t0, int mr, int nr, float alpha, float beta, float[] c, int ci,
                               int ldc) {
        int ntr = kernel.nr;
        VectorSpecies<Float> f = Simd.F;
        if (nr == ntr && ntr % f.length() == 0) {
            // Whole rows by vectors: C2 does not vectorise the plain loop below (t and c might be one array), and with
            // shallow k (a weight gradient at batch 50) this update is a third of the call.
            for (int r = 0; r < mr; r++) {
                int ti = t0 + r * ntr, cr = ci + r * ldc;
                for (int j = 0; j < ntr; j += f.length()) {
                    FloatVector v = FloatVector.fromArray(f, t, ti + j).mul(alpha);
                    if (beta != 0f) v = v.add(FloatVector.fromArray(f, c, cr + j).mul(beta));
                    v.intoArray(c, cr + j);
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int ti = t0 + r * ntr, cr = ci + r * ldc;
            if (beta == 0f) {
                for (int j = 0; j < nr; j++) c[cr + j] = t[ti + j] * alpha;
            } else {
                for (int j = 0; j < nr; j++) c[cr + j] = t[ti + j] * alpha + c[cr + j] * beta;
            }
        }
    }

    /**
     * Makes rows ic..ic+mc of op(A), depth pc..pc+kc, ready for {@link #column}: packed into panels, or, read in place
     * ({@code inPlace}), only the rows of a short last tile, copied into {@code pa} as MR rows of kc, zero-padded.
     */
    private static void prepareA(Plan plan, boolean transA, float[] inPlace, float[] a, int aOff, int lda, int ic, int mc,
                                 int pc, int kc, float[] pa) {
        if (inPlace == null) {
            packA(plan, transA, a, aOff, lda, ic, mc, pc, kc, pa);
            return;
        }
        int mr = plan.kernel.mr, whole = mc / mr * mr;
        if (whole < mc) packEdge(a, aOff + (ic + whole) * lda + pc, lda, mc - whole, kc, pa, mr);
    }

    /** {@code rows} rows of kc floats from {@code s}, {@code ld} apart, into dst as MR rows of kc, the rest zero. */
    private static void packEdge(float[] src, int s, int ld, int rows, int kc, float[] dst, int mr) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, s + r * ld, dst, r * kc, kc);
        java.util.Arrays.fill(dst, rows * kc, mr * kc, 0f);
    }

    /** Packs rows ic..ic+mc of op(A), depth pc..pc+kc, into MR-row panels: panel r holds [p][MR], zero-padded. */
    private static void packA(Plan plan, boolean transA, float[] a, int aOff, int lda, int ic, int mc,
                              int pc, int kc, float[] pa) {
        int mrMax = plan.kernel.mr;
        for (int ir = 0; ir < mc; ir += mrMax) {
            int mr = Math.min(mrMax, mc - ir), dst = ir * kc;
            if (transA) {
                copyRows(a, aOff + pc * lda + ic + ir, lda, mr, kc, pa, dst, mrMax);
            } else {
                transposeRows(plan.pack, a, aOff + (ic + ir) * lda + pc, lda, mr, kc, pa, dst, mrMax);
                zeroColumns(pa, dst, mrMax, mr, kc);
            }
        }
    }

    /**
     * Packs columns jc..jc+nc of op(B), depth pc..pc+kc, into NR-column panels from pb[pb0]: panel j holds [p][NR],
     * zero-padded.
     */
    private static void packB(Plan plan, boolean transB, float[] b, int bOff, int ldb, int pc, int kc,
                              int jc, int nc, float[] pb, int pb0) {
        int nrMax = plan.kernel.nr;
        for (int jr = 0; jr < nc; jr += nrMax) {
            int nr = Math.min(nrMax, nc - jr), dst = pb0 + jr * kc;
            if (transB) {
                transposeRows(plan.pack, b, bOff + (jc + jr) * ldb + pc, ldb, nr, kc, pb, dst, nrMax);
                zeroColumns(pb, dst, nrMax, nr, kc);
            } else {
                copyRows(b, bOff + pc * ldb + jc + jr, ldb, nr, kc, pb, dst, nrMax);
            }
        }
    }

    /**
     * {@code dst[d + p * dLd + j] = src[s + p * ld + j]} for j < w, zero for w <= j < dLd; p < kc. By arraycopy: C2 does
     * not vectorise a copy loop between two float arrays it cannot prove distinct, and a scalar copy of B made the
     * batch-50 NN calls 30-40 % slower.
     */
    private static void copyRows(float[] src, int s, int ld, int w, int kc, float[] dst, int d, int dLd) {
        VectorSpecies<Float> f = Simd.F;
        if (f.vectorBitSize() == 256 && Simd.hardwareBits() == 256 && w == dLd && w % 8 == 0) {
            // A whole panel on the AVX2 path by vectors: an arraycopy call per depth of 16 floats cost more than the copy
            // (the ReLU+BN step +3-10 % in six alternated pairs, JDK 17 and 25). Not with 512-bit vectors, where JDK 17
            // ran the batch-sized NN product 5 % slower that way (bench/RESULTS-gemm.md).
            for (int p = 0; p < kc; p++) {
                for (int j = 0, si = s + p * ld, di = d + p * dLd; j < w; j += 8) FloatVector.fromArray(f, src, si + j).intoArray(dst, di + j);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int di = d + p * dLd;
            System.arraycopy(src, s + p * ld, dst, di, w);
            if (w < dLd) java.util.Arrays.fill(dst, di + w, di + dLd, 0f);
        }
    }

    /** Zeroes columns w..dLd of kc rows of {@code dLd} floats from d: the padding of an edge panel. */
    private static void zeroColumns(float[] dst, int d, int dLd, int w, int kc) {
        if (w == dLd) return;
        for (int p = 0; p < kc; p++) for (int j = w; j < dLd; j++) dst[d + p * dLd + j] = 0f;
    }

    /**
     * {@code dst[d + p * dLd + r] = src[s + r * ld + p]} for r < rows, p < kc: rows of the source become columns of
     * the panel. Groups of 16 or 8 rows go through {@code pack}'s path; a whole panel of 4 to 6 rows (A's panels
     * of the AVX2 kernels) is copied depth by depth; the SCALAR pack and the rows of an edge panel short of a group go
     * through the scalar twin.
     */
    static void transposeRows(Pack pack, float[] src, int s, int ld, int rows, int kc, float[] dst, int d, int dLd) {
        if (pack == Pack.ROWS) pack = Pack.INTERLEAVE; // what ROWS still packs, it packs so
        int r = 0;
        if (pack == Pack.TRANSPOSE16) {
            for (; r + 16 <= rows; r += 16) {
                Transpose.block16(src, s + r * ld, ld, dst, d + r, dLd, kc / 16);
                transposeScalar(src, s + r * ld, ld, 16, kc / 16 * 16, kc, dst, d + r, dLd);
            }
        }
        if (pack != Pack.SCALAR && rows >= 4 && rows <= 6 && rows == dLd) {
            narrowPanel(src, s, ld, rows, kc, dst, d);
            return;
        }
        if (pack == Pack.INTERLEAVE) {
            // 16 rows fill a cache line of the panel per depth (8 rows, half of one): the quadratic step 3-12 % faster
            for (; r + 16 <= rows; r += 16) interleave16(src, s + r * ld, ld, kc, dst, d + r, dLd);
            if (r == rows) return;
        }
        if (pack != Pack.SCALAR && rows >= 8) {
            // Groups of 8 up to the last row: the last group overlaps the one before it where rows is not a multiple of
            // 8 (it copies some rows again, the same values), since scalar loops for the rest (6 of 14-row panels) cost
            // more than all the vector groups.
            for (; r < rows; r += 8) {
                int g = Math.min(r, rows - 8), base = s + g * ld;
                if (pack == Pack.INTERLEAVE) {
                    interleave8(src, base, ld, kc, dst, d + g, dLd);
                } else {
                    Transpose.block8(src, base, ld, dst, d + g, dLd, kc / 8);
                    transposeScalar(src, base, ld, 8, kc / 8 * 8, kc, dst, d + g, dLd);
                }
            }
            r = rows;
        }
        transposeScalar(src, s + r * ld, ld, rows - r, 0, kc, dst, d + r, dLd);
    }

    /**
     * 8 rows from {@code base} into 8 columns, depth by depth: each depth's 8 floats are written together (the scalar
     * twin goes down the panel's columns instead, a cache line per float). This, {@link #interleave16} and
     * {@link #narrowPanel} are one copy unrolled for different row counts, kept apart on purpose: as a loop over the rows
     * it ran at half the speed, and as one method with a switch over the row count JDK 17 packed 32-row panels 10 %
     * slower (0.41 against 0.37 ns an element).
     */
    private static void interleave8(float[] src, int base, int ld, int kc, float[] dst, int d, int dLd) {
        int s0 = base, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld, s6 = s5 + ld, s7 = s6 + ld;
        for (int p = 0, o = d; p < kc; p++, o += dLd) {
            dst[o] = src[s0 + p];
            dst[o + 1] = src[s1 + p];
            dst[o + 2] = src[s2 + p];
            dst[o + 3] = src[s3 + p];
            dst[o + 4] = src[s4 + p];
            dst[o + 5] = src[s5 + p];
            dst[o + 6] = src[s6 + p];
            dst[o + 7] = src[s7 + p];
        }
    }

    /** {@link #interleave8} for 16 rows. */
    private static void interleave16(float[] src, int base, int ld, int kc, float[] dst, int d, int dLd) {
        int s0 = base, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld, s6 = s5 + ld, s7 = s6 + ld;
        int s8 = s7 + ld, s9 = s8 + ld, s10 = s9 + ld, s11 = s10 + ld, s12 = s11 + ld, s13 = s12 + ld, s14 = s13 + ld, s15 = s14 + ld;
        for (int p = 0, o = d; p < kc; p++, o += dLd) {
            dst[o] = src[s0 + p];
            dst[o + 1] = src[s1 + p];
            dst[o + 2] = src[s2 + p];
            dst[o + 3] = src[s3 + p];
            dst[o + 4] = src[s4 + p];
            dst[o + 5] = src[s5 + p];
            dst[o + 6] = src[s6 + p];
            dst[o + 7] = src[s7 + p];
            dst[o + 8] = src[s8 + p];
            dst[o + 9] = src[s9 + p];
            dst[o + 10] = src[s10 + p];
            dst[o + 11] = src[s11 + p];
            dst[o + 12] = src[s12 + p];
            dst[o + 13] = src[s13 + p];
            dst[o + 14] = src[s14 + p];
            dst[o + 15] = src[s15 + p];
        }
    }

    /**
     * A whole panel of 4 to 6 rows (A's panels of the AVX2 and 128-bit kernels), its [p][rows] layout written depth by
     * depth, unrolled per row count: 0.28 ns an element for 1000 x 1000 on either JDK (`-XX:UseAVX=2`), as fast as the
     * gathers it replaced (0.30-0.45) and twice the speed of a loop over the rows (0.6-0.9).
     */
    private static void narrowPanel(float[] src, int s, int ld, int rows, int kc, float[] dst, int d) {
        int s0 = s, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld;
        switch (rows) {
            case 4 -> {
                for (int p = 0, o = d; p < kc; p++, o += 4) {
                    dst[o] = src[s0 + p];
                    dst[o + 1] = src[s1 + p];
                    dst[o + 2] = src[s2 + p];
                    dst[o + 3] = src[s3 + p];
                }
            }
            case 5 -> {
                for (int p = 0, o = d; p < kc; p++, o += 5) {
                    dst[o] = src[s0 + p];
                    dst[o + 1] = src[s1 + p];
                    dst[o + 2] = src[s2 + p];
                    dst[o + 3] = src[s3 + p];
                    dst[o + 4] = src[s4 + p];
                }
            }
            case 6 -> {
                for (int p = 0, o = d; p < kc; p++, o += 6) {
                    dst[o] = src[s0 + p];
                    dst[o + 1] = src[s1 + p];
                    dst[o + 2] = src[s2 + p];
                    dst[o + 3] = src[s3 + p];
                    dst[o + 4] = src[s4 + p];
                    dst[o + 5] = src[s5 + p];
                }
            }
            default -> throw new IllegalArgumentException("a narrow panel has 4 to 6 rows, not " + rows);
        }
    }

    /** The scalar twin of {@link #transposeRows} over depths p0..kc. */
    private static void transposeScalar(float[] src, int s, int ld, int rows, int p0, int kc, float[] dst, int d, int dLd) {
        for (int r = 0; r < rows; r++) {
            int si = s + r * ld;
            for (int p = p0; p < kc; p++) dst[d + p * dLd + r] = src[si + p];
        }
    }

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }
}
