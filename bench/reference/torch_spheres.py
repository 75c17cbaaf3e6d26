#!/usr/bin/python3
"""PyTorch (CPU) on the workloads spheres' bench measures, at the paper's shapes: d 500, ReLU net 2 x 1000 with batch
norm, batch 50, Adam 1e-4, BCE with logits; the quadratic net (1000 hidden, no bias, logit = w * sum(h^2) + b).

  train   : training steps per second, a fixed pool of sampled batches (no sampling in the timing)
  eval    : evaluation samples per second, sampling included (chunks of 10 000, as spheres' evaluation)
  attack  : attack steps per second at batch 1000 (forward, input gradient, a projected step on the sphere)

  env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/reference/torch_spheres.py --threads 1

Prints `RESULT <name>_t<T>=<median>` lines.
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--seconds", type=float, default=1.0, help="time per repetition")
ap.add_argument("--only", default="train,eval,attack")
args = ap.parse_args()
torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)
torch.manual_seed(0)
D, H, BATCH = 500, 1000, 50


def spheres(n):
    z = torch.randn(n, D)
    y = (torch.rand(n) < 0.5).float()
    r = 1.0 + 0.3 * y
    return z / z.norm(dim=1, keepdim=True) * r[:, None], y[:, None]


class Quadratic(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(D, H, bias=False)
        self.scale = nn.Parameter(torch.ones(1))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return self.scale * (self.hidden(x) ** 2).sum(1, keepdim=True) + self.bias


def relu_bn():
    return nn.Sequential(nn.Linear(D, H), nn.BatchNorm1d(H), nn.ReLU(), nn.Linear(H, H), nn.BatchNorm1d(H), nn.ReLU(),
                         nn.Linear(H, 1))


def rate(body, work):
    """Median of reps of work units per second, each rep running body for about args.seconds."""
    body()
    t0 = time.perf_counter()
    body()
    runs = max(1, int(args.seconds / max(time.perf_counter() - t0, 1e-6)))
    vals = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        for _ in range(runs):
            body()
        vals.append(work * runs / (time.perf_counter() - t0))
    return statistics.median(vals)


def result(name, value):
    print("RESULT %s_t%d=%.2f" % (name, args.threads, value), flush=True)


only = set(args.only.split(","))
loss = nn.BCEWithLogitsLoss()
if "train" in only:
    for name, make in (("relubn", relu_bn), ("quad", Quadratic)):
        net = make().train()
        opt = torch.optim.Adam(net.parameters(), lr=1e-4)
        pool = [spheres(BATCH) for _ in range(32)]
        i = [0]

        def step():
            x, y = pool[i[0] % len(pool)]
            i[0] += 1
            opt.zero_grad(set_to_none=True)
            loss(net(x), y).backward()
            opt.step()

        result("train_%s_steps_per_s" % name, rate(step, 1))
if "eval" in only:
    net = relu_bn().train()
    with torch.no_grad():
        net(spheres(1000)[0])  # running statistics away from 0 and 1
    net.eval()

    def chunk():
        with torch.inference_mode():
            x, y = spheres(10000)
            ((net(x) > 0).float() != y).sum()

    result("eval_relubn_samples_per_s", rate(chunk, 10000))
if "attack" in only:
    net = relu_bn().train()
    with torch.no_grad():
        net(spheres(1000)[0])
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    x0, y0 = spheres(1000)
    r = x0.norm(dim=1, keepdim=True)
    x = x0.clone()

    def step():
        global x
        x.requires_grad_(True)
        logit = net(x)
        (g,) = torch.autograd.grad(logit.sum(), x)
        with torch.no_grad():
            x = x + 0.01 * torch.where(y0 > 0, -1.0, 1.0) * g / g.norm(dim=1, keepdim=True)
            x = x / x.norm(dim=1, keepdim=True) * r

    result("attack_relubn_b1000_steps_per_s", rate(step, 1))
