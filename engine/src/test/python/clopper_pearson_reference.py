#!/usr/bin/env python3
"""The reference table of ErrorRateTest: exact two-sided 95% Clopper-Pearson intervals at 60 digits (mpmath).

Independent of the engine's method: each end is the root of a binomial tail written as its finite sum, found by
bisection on ln x to 1e-45; cross-checked against mpmath's regularised incomplete beta (n <= 1000, where its series
converges) and against the closed forms 1 - 0.025^(1/n) (k = 0) and 0.025^(1/n) (k = n). Prints Java rows:

    python3 engine/src/test/python/clopper_pearson_reference.py     # needs mpmath (Debian: python3-mpmath); ~4 min
"""
import mpmath as mp
mp.mp.dps = 60
def tail(n, k, x):  # P(Bin(n, x) >= k), exactly as a finite sum (the smaller side)
    if k <= n // 2:
        return 1 - mp.fsum(mp.binomial(n, j) * x**j * (1 - x)**(n - j) for j in range(k))
    return mp.fsum(mp.binomial(n, j) * x**j * (1 - x)**(n - j) for j in range(k, n + 1))
def solve(n, k, p):  # x with P(Bin(n, x) >= k) = p: bisection in log x to 1e-40 relative
    llo, lhi = mp.mpf(-1e4), mp.mpf(0)
    while lhi - llo > mp.mpf(10)**-45:
        m = (llo + lhi) / 2
        if tail(n, k, mp.exp(m)) < p: llo = m
        else: lhi = m
    return mp.exp((llo + lhi) / 2)
cases = [(k, 10**e) for e in range(3, 11) for k in (0, 1, 3)] + [(5, 100), (500, 1000), (2000, 10**10), (5000, 10000), (1000, 1000), (10**10, 10**10), (1, 1), (0, 1)]
for k, n in cases:
    lo = mp.mpf(0) if k == 0 else solve(n, k, mp.mpf('0.025'))        # I_x(k, n-k+1) = 0.025
    hi = mp.mpf(1) if k == n else solve(n, k + 1, mp.mpf('0.975'))    # I_x(k+1, n-k) = 0.975
    if n <= 1000:  # cross-check against mpmath's regularised incomplete beta where its series converges
        for v, a, b, p in ((lo, k, n-k+1, '0.025'), (hi, k+1, n-k, '0.975')):
            if 0 < v < 1: assert abs(mp.betainc(a, b, 0, v, regularized=True) - mp.mpf(p)) < mp.mpf(10)**-40
    if k == 0: assert abs(hi - (1 - mp.mpf('0.025')**(mp.mpf(1)/n))) < hi * mp.mpf(10)**-35
    if k == n: assert abs(lo - mp.mpf('0.025')**(mp.mpf(1)/n)) < mp.mpf(10)**-35
    print(f"{{{k}L, {n}L, {mp.nstr(lo, 17, strip_zeros=False)}, {mp.nstr(hi, 17, strip_zeros=False)}}},")
