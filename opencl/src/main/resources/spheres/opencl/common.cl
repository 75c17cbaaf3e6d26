// Shared by every spheres kernel. No contraction: a * b + c stays two roundings, as in the Java twins; fused
// multiply-adds are written as fma() wherever the twins use Math.fma or a vector fma.
#pragma OPENCL FP_CONTRACT OFF

// The work-item's index i, or return when it is past the n items of a rounded-up global size.
#define GUARD(n) int i = get_global_id(0); if (i >= (n)) return
