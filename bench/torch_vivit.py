#!/usr/bin/python3
# Copied unchanged (apart from this comment) from the project's shared folder, ../shared/bench/torch_reference.py,
# so that the repository is self-contained: the PyTorch ViViT reference that `make bench` (bench/run.sh) times.
"""PyTorch reference for speed comparisons: a ViViT-style classifier (tubelet embedding, CLS, learned positions,
pre-norm encoder layers with erf GELU, layer norm eps 1e-6) timed for inference and one full AdamW training step.

Run with Debian's torch (apt-get install python3-torch libopenblas0-pthread), e.g.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torch_reference.py --json
Options set the workload; the defaults are "bench-s". Prints one line per figure, and with --json a final JSON line.
Compare a Java run of the SAME workload, on the same machine at the same time, alternating runs, and report ratios.
"""
import argparse, json, os, resource, statistics, time
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--image", type=int, default=112); p.add_argument("--frames", type=int, default=8)
p.add_argument("--tubelet", type=int, nargs=3, default=[2, 16, 16]); p.add_argument("--hidden", type=int, default=384)
p.add_argument("--layers", type=int, default=12); p.add_argument("--heads", type=int, default=6)
p.add_argument("--mlp", type=int, default=1536); p.add_argument("--classes", type=int, default=10)
p.add_argument("--batch", type=int, default=4); p.add_argument("--threads", type=int, default=2)
p.add_argument("--warmup", type=int, default=3); p.add_argument("--steps", type=int, default=10)
p.add_argument("--what", default="forward,train"); p.add_argument("--json", action="store_true")
a = p.parse_args()
torch.set_num_threads(a.threads)
C = 3; TT, TH, TW = a.tubelet; D, L, H, MLP = a.hidden, a.layers, a.heads, a.mlp
nT, nH, nW = a.frames // TT, a.image // TH, a.image // TW
N, K = nT * nH * nW, TT * TH * TW * C


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D, eps=1e-6), nn.LayerNorm(D, eps=1e-6)
        self.qkv, self.out = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc1, self.fc2 = nn.Linear(D, MLP), nn.Linear(MLP, D)

    def forward(self, x):  # [B, S, D]
        b, s, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, s, 3, H, D // H).permute(2, 0, 3, 1, 4)  # each [B, H, S, hd]
        att = torch.softmax(q @ k.transpose(-1, -2) * (D // H) ** -0.5, dim=-1)
        x = x + self.out((att @ v).transpose(1, 2).reshape(b, s, D))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class Vivit(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(K, D)
        self.cls = nn.Parameter(torch.randn(1, 1, D) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, N + 1, D) * 0.02)
        self.layers = nn.ModuleList([Layer() for _ in range(L)])
        self.norm, self.head = nn.LayerNorm(D, eps=1e-6), nn.Linear(D, a.classes)

    def forward(self, x):  # [B, T, C, H, W]
        b = x.shape[0]
        t = x.reshape(b, nT, TT, C, nH, TH, nW, TW).permute(0, 1, 4, 6, 2, 5, 7, 3).reshape(b, N, K)
        t = torch.cat([self.cls.expand(b, -1, -1), self.embed(t)], dim=1) + self.pos
        for layer in self.layers:
            t = layer(t)
        return self.head(self.norm(t)[:, 0])


def timed(fn):
    ts = []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter(); fn(); ms = (time.perf_counter() - t0) * 1e3
        if i >= a.warmup:
            ts.append(ms)
    return statistics.median(ts), min(ts), max(ts)


torch.manual_seed(0)
model = Vivit()
x = torch.rand(a.batch, a.frames, C, a.image, a.image)
y = torch.arange(a.batch) % a.classes
S = N + 1
gflop = a.batch * (L * (2 * S * (4 * D * D + 2 * D * MLP) + 4 * S * S * D) + 2 * N * K * D + 2 * D * a.classes) / 1e9
result = {"framework": "pytorch " + torch.__version__, "threads": a.threads, "params": sum(q.numel() for q in model.parameters()),
          "forward_gflop": round(gflop, 2), "env_OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
          "env_OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY")}
if "forward" in a.what:
    # PyTorch 1.13 runs eval() + no_grad() through its fused "fast path", which can be slower on CPU than the same
    # forward with autograd on: time both and report the better one as forward_ms (PyTorch's best).
    model.eval()
    with torch.no_grad():
        med_ng, lo, hi = timed(lambda: model(x))
    print(f"forward (eval, no_grad): median {med_ng:.1f} ms (min {lo:.1f}, max {hi:.1f})")
    med_g, lo, hi = timed(lambda: model(x))
    print(f"forward (eval, autograd on): median {med_g:.1f} ms (min {lo:.1f}, max {hi:.1f})")
    med = min(med_ng, med_g)
    result["forward_ms"] = round(med, 1)
    result["forward_nograd_ms"] = round(med_ng, 1); result["forward_grad_ms"] = round(med_g, 1)
    print(f"forward: best median {med:.1f} ms = {gflop / med * 1e3:.1f} GFLOP/s")
if "train" in a.what:
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()
    med, lo, hi = timed(step)
    result["train_step_ms"] = round(med, 1)
    print(f"train step: median {med:.1f} ms (min {lo:.1f}, max {hi:.1f}) = {3 * gflop / med * 1e3:.1f} GFLOP/s")
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(f"peak RSS: {result['peak_rss_mb']} MB")
if a.json:
    print(json.dumps(result))
