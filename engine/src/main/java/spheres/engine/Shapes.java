package spheres.engine;

/** Shape checks shared by every backend; each failure names the op and both shapes. */
public final class Shapes {
    private Shapes() {}

    public static void same(String op, Tensor a, Tensor b) {
        if (!a.sameShape(b))
            throw new IllegalArgumentException(op + ": shapes " + a.shape() + " and " + b.shape() + " differ");
    }

    public static void is(String op, String what, Tensor t, int rows, int cols) {
        if (t.rows != rows || t.cols != cols)
            throw new IllegalArgumentException(op + ": " + what + " is " + t.shape() + ", expected [" + rows + ", " + cols + "]");
    }

    public static void rowVector(String op, String what, Tensor t, Tensor x) {
        if (t.rows != 1 || t.cols != x.cols)
            throw new IllegalArgumentException(op + ": " + what + " is " + t.shape() + " but x is " + x.shape()
                    + "; expected [1, " + x.cols + "]");
    }

    public static void columnVector(String op, String what, Tensor t, Tensor x) {
        if (t.cols != 1 || t.rows != x.rows)
            throw new IllegalArgumentException(op + ": " + what + " is " + t.shape() + " but x is " + x.shape()
                    + "; expected [" + x.rows + ", 1]");
    }

    public static void scalar(String op, String what, Tensor t) {
        is(op, what, t, 1, 1);
    }

    public static void data(String op, float[] data, long size) {
        if (data.length < size)
            throw new IllegalArgumentException(op + ": array of length " + data.length + " for a tensor of " + size + " elements");
    }

    /** Every index names a row of t. */
    public static void rows(String op, String what, int[] index, Tensor t) {
        for (int i = 0; i < index.length; i++)
            if (index[i] < 0 || index[i] >= t.rows)
                throw new IllegalArgumentException(op + ": " + what + "[" + i + "] = " + index[i] + " is not a row of " + t.shape());
    }

    /** {@code C = op(A) op(B)}: inner dimensions agree and C has the outer ones. */
    public static void gemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = transA ? a.cols : a.rows, ka = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows, n = transB ? b.rows : b.cols;
        String opA = "op(A) = " + (transA ? "A^T of " : "A ") + a.shape();
        String opB = "op(B) = " + (transB ? "B^T of " : "B ") + b.shape();
        if (ka != kb)
            throw new IllegalArgumentException("gemm: inner dimensions differ: " + opA + " has " + ka + " columns, "
                    + opB + " has " + kb + " rows");
        if (c.rows != m || c.cols != n)
            throw new IllegalArgumentException("gemm: C is " + c.shape() + " but " + opA + " times " + opB
                    + " is [" + m + ", " + n + "]");
    }
}
