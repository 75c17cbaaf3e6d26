#!/usr/bin/env python3
"""Writes kernels/src/main/java/spheres/kernels/GemmKernels.java: the register micro-kernels of Gemm's family.

The family is data (the table below, mirrored by Gemm.Kernel); the JIT needs each kernel as its own method with a
constant species and its accumulators in locals, so the code is generated, never edited by hand.
Run from the repository root: python3 kernels/gen/gemm_kernels.py
"""
import pathlib

# (vector bits, MR rows, NV vectors, pairs): NR = NV * lanes columns. Registers live: MR * NV accumulators + NV + 1.
# pairs: the kernel that starts from zero steps two depths per loop iteration, halving the loop's index and bound
# work, which on Sapphire Rapids shares ports 0 and 5 with the 512-bit fmas. Only where it measured faster: 10x2 alone
# +5-7 % on JDK 17 and 25, the batch-sized products +4-7 % on JDK 17. Not its continuing twin (JDK 25 ran that 5 %
# slower), not 12x2 (no change), not the 256-bit kernels (their 16 registers spill: 5x16 0.55-0.8x).
FAMILY = [(512, 10, 2, True), (512, 12, 2, False), (512, 14, 2, False), (512, 8, 3, False), (512, 6, 4, False),
          (256, 6, 2, False), (256, 5, 2, False), (256, 4, 2, False), (256, 4, 3, False), (256, 12, 2, False),
          (256, 8, 3, False), (128, 6, 2, False), (128, 8, 3, False)]


def rows_on_b(bits, mr, nv):
    """Whether a Rows kernel's loop counts B's offset (A's row offsets stepping beside it) rather than the depth p.

    Counting p, C2 derives B's offset from it (16 * p + pbi: two more instructions before B's loads), so its scheduler
    issues all MR broadcasts first; with 16 registers that is one too many, and C2 25 spills an accumulator through the
    stack every step: NN 1000^3 reading rows in place ran at 50 (5x16) and 54 (4x24) GFLOP/s against 114 and 124-128
    counting B's offset (JDK 25, -XX:UseAVX=2, Zen 5; JDK 17: 4x24 the same either way, 6x16 120 -> 105, so the
    calibration takes 4x24 there). With 32 registers only 6x64 gains (+1-3 %); 12x32 ran 15 % slower on both JDKs
    (bench/RESULTS-gemm.md, eleventh session)."""
    return bits < 512 or (mr, nv) == (6, 4)


def plus(base, offset):
    """base + offset, or base alone for 0: a "+ 0" would be one mutant per kernel that no test can tell apart."""
    return f"{base} + {offset}" if offset else base


def kernel(bits, mr, nv, pairs, more, rows=False):
    """The kernel that starts its chains at zero, or (more) the one that continues the chains of the sums at t[ti]; with
    rows, one that reads A's MR rows in place, lda floats apart, instead of a packed panel."""
    lanes = bits // 32
    on_b = rows and rows_on_b(bits, mr, nv)
    name = f"k{bits}x{mr}x{nv}" + ("Rows" if rows else "") + ("More" if more else "")
    what = "continues the sums at t[ti] by" if more else "writes to t[ti]"
    a_side = "A's rows in place (ra[ai + r * lda + p])" if rows else "A panel"
    args = "float[] ra, int ai, int lda" if rows else "float[] pa, int pai"
    out = [f"    /** {mr} rows x {nv} vectors of {lanes} lanes: tile[{mr}][{nv * lanes}] {what} {a_side} times B panel over kc. */",
           f"    static void {name}(int kc, {args}, float[] pb, int pbi, float[] t, int ti) {{",
           f"        VectorSpecies<Float> f = S{bits};"]
    for r in range(mr):
        start = (lambda v: f"FloatVector.fromArray(f, t, {plus('ti', (r * nv + v) * lanes)})") if more else (lambda v: "FloatVector.zero(f)")
        out.append("        FloatVector " + ", ".join(f"c{r}_{v} = {start(v)}" for v in range(nv)) + ";")
    def step(da, db, declare):
        """One depth step, its A and B reads da and db floats past ao and bo."""
        for v in range(nv):
            out.append(f"            {'FloatVector ' if declare else ''}b{v} = FloatVector.fromArray(f, pb, {plus('bo', db + v * lanes)});")
        for r in range(mr):
            fmas = " ".join(f"c{r}_{v} = a.fma(b{v}, c{r}_{v});" for v in range(nv))
            decl = "FloatVector a" if r == 0 and declare else "a"
            src = (f"ra[a{r}]" if on_b else f"ra[a{r} + p]") if rows else f"pa[{plus('ao', da + r)}]"
            out.append(f"            {decl} = FloatVector.broadcast(f, {src}); {fmas}")

    nr = nv * lanes
    if rows:
        out.append("        int " + ", ".join(f"a{r} = " + ("ai" if r == 0 else f"a{r - 1} + lda") for r in range(mr)) + ";")
        if on_b:
            out.append(f"        for (int bo = pbi, end = pbi + kc * {nr}; bo < end; bo += {nr}, " + ", ".join(f"a{r}++" for r in range(mr)) + ") {")
        else:
            out.append(f"        for (int p = 0, bo = pbi; p < kc; p++, bo += {nr}) {{")
    elif pairs and not more:
        out.append(f"        int ao = pai, bo = pbi, end = pai + kc * {mr};")
        out.append(f"        for (int pairsEnd = pai + (kc & ~1) * {mr}; ao < pairsEnd; ao += {2 * mr}, bo += {2 * nr}) {{")
        step(0, 0, True)
        step(mr, nr, False)
        out.append("        }")
        out.append(f"        for (; ao < end; ao += {mr}, bo += {nr}) {{")
    else:
        out.append(f"        for (int ao = pai, bo = pbi, end = pai + kc * {mr}; ao < end; ao += {mr}, bo += {nr}) {{")
    step(0, 0, True)
    out.append("        }")
    for r in range(mr):
        out.append("        " + " ".join(f"c{r}_{v}.intoArray(t, {plus('ti', (r * nv + v) * lanes)});" for v in range(nv)))
    out.append("    }")
    return "\n".join(out)


def main():
    root = pathlib.Path(__file__).resolve().parents[1]
    body = "\n\n".join(kernel(*k, more, rows) for k in FAMILY for rows in (False, True) for more in (False, True))
    text = f"""package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register micro-kernels of {{@link Gemm}}, one per {{@link Gemm.Kernel}}. GENERATED by
 * {{@code kernels/gen/gemm_kernels.py}}: edit the table there and rerun it, never this file. Each keeps an MR x NR tile
 * in registers: per depth p, NV vector loads of the B panel, MR broadcasts of the A panel, MR * NV fmas; every
 * element is one fma chain over p, so every kernel gives the same bits. Each kernel has a twin ({{@code ...More}}) whose
 * chains start from the tile's sums in {{@code t}} instead of zero, so a chain split over several calls is the same
 * chain. Two methods, not a flag or a load of zeros: C2 17 compiles the 8x48 kernel with loaded starting sums ten times
 * slower (bench/RESULTS-gemm.md), while zeros it can make in registers. Each pair has a twin pair ({{@code ...Rows}},
 * {{@code ...RowsMore}}) that broadcasts from A's MR rows where they lie, {{@code lda}} floats apart, instead of a packed
 * panel ({{@link Gemm.Pack#ROWS}}). Some kernels step two depths per loop iteration (the table in the generator says
 * which and why), their fmas in the same order.
 */
final class GemmKernels {{
    private GemmKernels() {{}}

    private static final VectorSpecies<Float> S128 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> S512 = FloatVector.SPECIES_512;

{body}
}}
"""
    (root / "src/main/java/spheres/kernels/GemmKernels.java").write_text(text)


if __name__ == "__main__":
    main()
