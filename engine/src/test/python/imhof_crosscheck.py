#!/usr/bin/env python3
"""Cross-checks the exact error rates of `spheres quadratic` against Imhof's formula at 40 digits, by hand.

Imhof (1961): P(sum c_i g_i^2 > 0) = 1/2 + (1/pi) int_0^inf sin(theta(u)) / (u rho(u)) du, theta = sum atan(c_i u) / 2,
rho = prod (1 + c_i^2 u^2)^(1/4). In double precision a tail of 1e-20 drowns in the 1/2 (why the engine integrates
through the saddle point instead); mpmath with 30 more digits than the tail is small keeps the plain formula exact.
Reads the alphas.csv and quadratic.json a `spheres quadratic DIR` wrote:

    python3 engine/src/test/python/imhof_crosscheck.py runs/quad     # needs mpmath (Debian: python3-mpmath)

The alphas are those of a net with w > 0, b < 0 (quadratic.json: signs ELLIPSOID). WeightedChiSquareOracleTest asserts
the same on stored values (imhof_reference.py).
"""
import csv, json, os, sys
import mpmath as mp

run = sys.argv[1]
alphas = [mp.mpf(r['alpha']) for r in csv.DictReader(open(os.path.join(run, 'alphas.csv')))]
result = json.load(open(os.path.join(run, 'quadratic.json')))
inv_r2 = 1 / mp.mpf(result['radius']) ** 2
# Inner errors: sum (alpha_i - 1) g_i^2 > 0; outer errors: sum (alpha_i - 1/R^2) g_i^2 < 0 (b < 0, w > 0).
for sphere, c in (('inner', [a - 1 for a in alphas]), ('outer', [inv_r2 - a for a in alphas])):
    ours, log10 = result['error_rates'][sphere]['exact'], result['error_rates'][sphere]['exact_log10']
    if log10 is None or max(c) <= 0:
        print(f"{sphere}: no coefficient is positive, the rate is 0 exactly; spheres says {ours}")
        continue
    mp.mp.dps = 40 + int(-log10)
    def f(u):
        theta = sum(mp.atan(x * u) for x in c) / 2
        rho = mp.exp(sum(mp.log1p((x * u) ** 2) for x in c) / 4)
        return mp.sin(theta) / (u * rho)
    p = mp.mpf(1) / 2 + mp.quad(f, [0, 0.5, 1, 2, 4, 8, 16, 64, mp.inf]) / mp.pi
    ours = mp.power(10, mp.mpf(log10))  # the logarithm keeps the digits that a subnormal double would lose
    print(f"{sphere}: Imhof at {mp.mp.dps} digits {mp.nstr(p, 12)}, spheres {mp.nstr(ours, 12)}, relative difference "
          f"{mp.nstr(abs(p - ours) / p, 3)}")
