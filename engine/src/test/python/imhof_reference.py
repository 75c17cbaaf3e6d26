#!/usr/bin/env python3
"""The stored values of WeightedChiSquareOracleTest: tails of 500 distinct weights by Imhof's formula in mpmath.

Imhof (1961): P(sum c_i g_i^2 > 0) = 1/2 + (1/pi) int_0^inf sin(theta(u)) / (u rho(u)) du, theta = sum atan(c_i u) / 2,
rho = prod (1 + c_i^2 u^2)^(1/4), at 40 more digits than the tail is small (as imhof_crosscheck.py does on a run).
The weights are the doubles s - i / 499 the test builds; the outer rate is that of QuadraticAnalysis with alphas
1 + (0.2 - i / 499), R = 1.3, its coefficients formed in doubles as it forms them. Takes about 30 min on one core
(the 5e-153 tail, twice: at 200 and 225 digits, which must agree):

    python3 engine/src/test/python/imhof_reference.py     # needs mpmath (Debian: python3-mpmath)
"""
import mpmath as mp


def imhof(c, digits):
    mp.mp.dps = 40 + digits
    c = [mp.mpf(x) for x in c]

    def f(u):
        theta = mp.fsum(mp.atan(x * u) for x in c) / 2
        rho = mp.exp(mp.fsum(mp.log1p((x * u) ** 2) for x in c) / 4)
        return mp.sin(theta) / (u * rho)
    return mp.mpf(1) / 2 + mp.quad(f, [0, 0.5, 1, 2, 4, 8, 16, 64, mp.inf]) / mp.pi


def spread(s):
    return [s - i / 499.0 for i in range(500)]


for s, digits in ((0.45, 5), (0.3, 35), (0.2, 75), (0.092, 160), (0.092, 185)):
    print(f"s = {s}: {mp.nstr(imhof(spread(s), digits), 20)} ({40 + digits} digits)", flush=True)
alpha = [1.0 + (0.2 - i / 499.0) for i in range(500)]
k = [1.0 * 1.3 * 1.3 * a + -1.0 for a in alpha]  # scale r r lambda + bias; outer errors: sum k g^2 <= 0
print(f"outer: {mp.nstr(imhof([-x for x in k], 12), 20)} (52 digits)")
