// Batch norm per column over the rows of a batch (spheres.kernels.BatchNorm, the same float operations in the
// same order): training forward and backward run one work-item per column, evaluation one per element.

float inv_std(float var, float eps) {
    return 1.0f / sqrt(var + eps);
}

__kernel void batch_norm_train(int rows, int cols, float invN, float unbias, float momentum, float eps,
                               __global const float *x, __global const float *gamma, __global const float *beta,
                               __global float *runMean, __global float *runVar, __global float *y,
                               __global float *saveMean, __global float *saveInvStd) {
    int c = get_global_id(0);
    if (c >= cols) return;
    float s = 0.0f;
    for (int r = 0; r < rows; r++) s += x[r * cols + c];
    float mean = s * invN;
    float q = 0.0f;
    for (int r = 0; r < rows; r++) {
        float d = x[r * cols + c] - mean;
        q += d * d;
    }
    float var = q * invN;
    float invStd = inv_std(var, eps);
    float g = gamma[c] * invStd, b = beta[c];
    for (int r = 0; r < rows; r++) y[r * cols + c] = (x[r * cols + c] - mean) * g + b;
    saveMean[c] = mean;
    saveInvStd[c] = invStd;
    runMean[c] = (1.0f - momentum) * runMean[c] + momentum * mean;
    runVar[c] = (1.0f - momentum) * runVar[c] + momentum * var * unbias;
}

__kernel void batch_norm_eval(int n, int cols, float eps, __global const float *x, __global const float *gamma,
                              __global const float *beta, __global const float *runMean,
                              __global const float *runVar, __global float *y) {
    GUARD(n);
    int c = i % cols;
    float g = gamma[c] * inv_std(runVar[c], eps);
    y[i] = (x[i] - runMean[c]) * g + beta[c];
}

__kernel void batch_norm_backward(int rows, int cols, float invN, __global const float *x, __global const float *dy,
                                  __global const float *gamma, __global const float *saveMean,
                                  __global const float *saveInvStd, __global float *dx, __global float *dGamma,
                                  __global float *dBeta) {
    int c = get_global_id(0);
    if (c >= cols) return;
    float mean = saveMean[c], invStd = saveInvStd[c];
    float sdy = 0.0f, sdyx = 0.0f;
    for (int r = 0; r < rows; r++) {
        float g = dy[r * cols + c];
        sdy += g;
        sdyx += g * ((x[r * cols + c] - mean) * invStd);
    }
    dBeta[c] = sdy;
    dGamma[c] = sdyx;
    float k = gamma[c] * invStd;
    float a = sdy * invN, b = sdyx * invN;
    for (int r = 0; r < rows; r++) {
        float xhat = (x[r * cols + c] - mean) * invStd;
        dx[r * cols + c] = k * (dy[r * cols + c] - a - xhat * b);
    }
}

// The evaluation block relu(bn_eval(x + bias)) in one pass, with the float operations of add_bias, batch_norm_eval
// and relu_forward in turn (so the same bits); y may be x.
__kernel void bias_batch_norm_relu_eval(int n, int cols, float eps, __global const float *x, __global const float *bias,
                                        __global const float *gamma, __global const float *beta,
                                        __global const float *runMean, __global const float *runVar, __global float *y) {
    GUARD(n);
    int c = i % cols;
    float g = gamma[c] * inv_std(runVar[c], eps);
    float h = x[i] + bias[c];
    y[i] = fmax((h - runMean[c]) * g + beta[c], 0.0f);
}

// Its input gradient: relu_backward (the mask from the output y), then batch_norm_eval with zero mean and shift.
__kernel void batch_norm_relu_eval_backward(int n, int cols, float eps, __global const float *y, __global const float *dy,
                                            __global const float *gamma, __global const float *runVar, __global float *dx) {
    GUARD(n);
    int c = i % cols;
    float g = gamma[c] * inv_std(runVar[c], eps);
    float d = y[i] > 0.0f ? dy[i] : 0.0f;
    dx[i] = (d - 0.0f) * g + 0.0f;
}
