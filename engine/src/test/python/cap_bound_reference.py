#!/usr/bin/env python3
"""The stored values of CapBoundReferenceTest: the cap threshold a(mu) and the optimal mean distance d_opt(mu) in mpmath.

a from mu = I_{(1-a)/2}((d-1)/2, (d-1)/2) (mpmath's regularised incomplete beta), by bisection on ln((1-a)/2); d_opt as the
spec writes it, int_{-1}^{a} 2 sin((arccos t - arccos a)/2) c_d (1 - t^2)^((d-3)/2) dt with c_d = Gamma(d/2) /
(sqrt(pi) Gamma((d-1)/2)), by mpmath's quadrature at 40 digits; and again in theta = arccos t at 50 digits (they agree
to 20 digits). Seconds:

    python3 engine/src/test/python/cap_bound_reference.py     # needs mpmath (Debian: python3-mpmath)
"""
import mpmath as mp


def solve_x(d, mu):  # x = (1 - a) / 2 = sin^2(theta_a / 2)
    al = mp.mpf(d - 1) / 2
    lo, hi = mp.mpf(-800), mp.log(mp.mpf('0.5'))
    for _ in range(160):
        m = (lo + hi) / 2
        if mp.betainc(al, al, 0, mp.exp(m), regularized=True) < mu: lo = m
        else: hi = m
    return mp.exp((lo + hi) / 2)


def c(d):
    return mp.gamma(mp.mpf(d) / 2) / (mp.sqrt(mp.pi) * mp.gamma(mp.mpf(d - 1) / 2))


def in_t(d, x):
    a, ta = 1 - 2 * x, 2 * mp.asin(mp.sqrt(x))
    g = lambda t: 2 * mp.sin((mp.acos(t) - ta) / 2) * c(d) * (1 - t * t) ** (mp.mpf(d - 3) / 2)
    return mp.quad(g, [mp.mpf(p) for p in (-1, -0.6, -0.3, -0.15, -0.05, 0, 0.05, 0.15, 0.3, 0.6, 0.9, 0.99) if p < a] + [a])


def in_theta(d, x):
    ta, w = 2 * mp.asin(mp.sqrt(x)), 8 / mp.sqrt(d)
    h = lambda th: 2 * mp.sin((th - ta) / 2) * c(d) * mp.sin(th) ** (d - 2)
    pts = [ta] + [p for p in (mp.pi / 2 - 3 * w, mp.pi / 2 - w, mp.pi / 2, mp.pi / 2 + w, mp.pi / 2 + 3 * w) if ta < p < mp.pi]
    return mp.quad(h, pts + [mp.pi])


for d, mu in ((50, '0.5'), (50, '1e-2'), (50, '1e-10'), (50, '1e-50'),
              (500, '0.5'), (500, '1e-2'), (500, '1e-10'), (500, '1e-50'), (500, '1e-200')):
    mp.mp.dps = 40
    x = solve_x(d, mp.mpf(mu))
    v = in_t(d, x)
    mp.mp.dps = 50
    assert abs(in_theta(d, x) / v - 1) < mp.mpf(10) ** -20
    print(f"{{{d}, {mu}, {mp.nstr(1 - 2 * x, 20)}, {mp.nstr(v, 20)}}},")
