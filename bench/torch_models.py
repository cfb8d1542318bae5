#!/usr/bin/python3
"""PyTorch speed references for TimeSformer (divided space-time attention) and VideoMAE (classification and
pretraining), written from the maths of Hugging Face transformers v4.37.2 (see ../shared/fixtures/hf/WEIGHTS.md),
timed for inference and one full AdamW training step. Companion of torch_vivit.py (same options, same JSON keys).

  --model timesformer        TimesformerForVideoClassification, attention_type=divided_space_time
  --model videomae_cls       VideoMAEForVideoClassification, use_mean_pooling=True
  --model videomae_pretrain  VideoMAEForPreTraining, use_mean_pooling=False, norm_pix_loss=True, tube mask

Run with Debian's torch (apt-get install python3-torch libopenblas0-pthread), e.g.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torch_models.py --model timesformer --json
Defaults are the "bench-s" sizes (configs/bench-s-*.yaml). Prints one line per figure, and with --json a final JSON
line. Patch/tubelet embeddings are a Linear on patchified input (the same maths as HF's Conv2d/Conv3d with
kernel = stride, the weight permuted). check_torch_models.py checks these models against HF's fixture outputs.
"""
import argparse, json, os, resource, statistics, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--model", choices=["timesformer", "videomae_cls", "videomae_pretrain"], default="timesformer")
p.add_argument("--image", type=int, default=112); p.add_argument("--frames", type=int, default=8)
p.add_argument("--patch", type=int, default=16); p.add_argument("--tubelet", type=int, default=2, help="VideoMAE only")
p.add_argument("--hidden", type=int, default=384); p.add_argument("--layers", type=int, default=12)
p.add_argument("--heads", type=int, default=6); p.add_argument("--mlp", type=int, default=1536)
p.add_argument("--classes", type=int, default=10)
p.add_argument("--mask-ratio", type=float, default=0.9, help="VideoMAE pretraining tube-mask ratio")
p.add_argument("--decoder-hidden", type=int, default=192); p.add_argument("--decoder-layers", type=int, default=4)
p.add_argument("--decoder-heads", type=int, default=3)
p.add_argument("--decoder-mlp", type=int, default=None, help="default 4 x --decoder-hidden")
p.add_argument("--batch", type=int, default=4); p.add_argument("--threads", type=int, default=2)
p.add_argument("--warmup", type=int, default=3); p.add_argument("--steps", type=int, default=10)
p.add_argument("--what", default="forward,train"); p.add_argument("--json", action="store_true")
a = p.parse_args()
C, P, D, L, H, MLP = 3, a.patch, a.hidden, a.layers, a.heads, a.mlp
TT = a.tubelet if a.model.startswith("videomae") else 1      # frames per token (TimeSformer: per-frame patches)
nT, nH, nW = a.frames // TT, a.image // P, a.image // P
S = nH * nW                          # spatial positions (patches) per frame: HF's num_patches for TimeSformer
N = nT * S                           # patch tokens of a clip (TimeSformer adds a CLS)
K = TT * P * P * C                   # values per token
DD, DL, DH = a.decoder_hidden, a.decoder_layers, a.decoder_heads
DMLP = a.decoder_mlp or 4 * DD
MASKED = nT * int(a.mask_ratio * S + 0.5)   # tube mask: round(ratio*S) spatial positions at every t' (as Tubelet)


def attend(qkv, heads):  # qkv [B, S, 3D] (q, k, v blocks, heads contiguous) -> context [B, S, D]
    b, s, d3 = qkv.shape
    d = d3 // 3
    q, k, v = qkv.view(b, s, 3, heads, d // heads).permute(2, 0, 3, 1, 4)  # each [B, heads, S, hd]
    att = torch.softmax(q @ k.transpose(-1, -2) * (d // heads) ** -0.5, dim=-1)  # [B, heads, S, S]
    return (att @ v).transpose(1, 2).reshape(b, s, d)


def patchify(x):  # [B, T, C, H, W] -> [B, N, K], token t'*S + h*nW + w, values in order (dt, ph, pw, c)
    b = x.shape[0]
    return x.reshape(b, nT, TT, C, nH, P, nW, P).permute(0, 1, 4, 6, 2, 5, 7, 3).reshape(b, N, K)


# ---------------------------------------------------------------- TimeSformer, divided space-time attention
class TimesformerLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.temporal_ln = nn.LayerNorm(D, eps=1e-6)
        self.temporal_qkv, self.temporal_out = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.temporal_dense = nn.Linear(D, D)
        self.ln_before, self.ln_after = nn.LayerNorm(D, eps=1e-6), nn.LayerNorm(D, eps=1e-6)
        self.qkv, self.out = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc1, self.fc2 = nn.Linear(D, MLP), nn.Linear(MLP, D)

    def forward(self, x):  # [B, 1+N*T, D], patch tokens space-major: token 1 + n*T + t
        b, T = x.shape[0], nT
        cls, xt = x[:, :1], x[:, 1:]  # [B, 1, D], [B, S*T, D]
        # temporal: every patch position attends over its T frames (CLS excluded), then temporal_dense
        r = self.temporal_out(attend(self.temporal_qkv(self.temporal_ln(xt.reshape(b * S, T, D))), H))  # [B*S, T, D]
        xt = xt + self.temporal_dense(r.reshape(b, S * T, D))
        # spatial: every frame attends over its S patches plus a copy of the layer-input CLS
        xs = xt.reshape(b, S, T, D).transpose(1, 2).reshape(b * T, S, D)
        xs = torch.cat([cls.expand(b, T, D).reshape(b * T, 1, D), xs], dim=1)  # [B*T, 1+S, D]
        s = self.out(attend(self.qkv(self.ln_before(xs)), H))  # [B*T, 1+S, D]
        s_cls = s[:, 0].reshape(b, T, D).mean(1, keepdim=True)  # [B, 1, D]: CLS residual averaged over frames
        s_patch = s[:, 1:].reshape(b, T, S, D).transpose(1, 2).reshape(b, S * T, D)  # back to space-major
        x = torch.cat([cls, xt], dim=1) + torch.cat([s_cls, s_patch], dim=1)
        return x + self.fc2(F.gelu(self.fc1(self.ln_after(x))))  # exact erf GELU


class Timesformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(P * P * C, D)  # Conv2d(patch, stride patch) on each frame
        self.cls = nn.Parameter(torch.randn(1, 1, D) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, S + 1, D) * 0.02)
        self.time = nn.Parameter(torch.randn(1, nT, D) * 0.02)
        self.layers = nn.ModuleList([TimesformerLayer() for _ in range(L)])
        self.norm, self.head = nn.LayerNorm(D, eps=1e-6), nn.Linear(D, a.classes)

    def forward(self, x):  # [B, T, C, H, W] -> logits [B, classes]
        b = x.shape[0]
        t = self.embed(patchify(x).reshape(b * nT, S, K))  # [B*T, S, D]
        t = torch.cat([self.cls.expand(b * nT, -1, -1), t], dim=1) + self.pos  # [B*T, 1+S, D]
        cls = t[:b, :1]  # HF takes rows 0..B-1 of the frame batch (all equal to cls + pos[0])
        t = t[:, 1:].reshape(b, nT, S, D).transpose(1, 2) + self.time  # [B, S, T, D]
        t = torch.cat([cls, t.reshape(b, S * nT, D)], dim=1)  # [B, 1+S*T, D]
        for layer in self.layers:
            t = layer(t)
        return self.head(self.norm(t)[:, 0])


# ---------------------------------------------------------------- VideoMAE
def sincos(n, d):  # fixed position table [1, n, d]: sin on even, cos on odd columns, computed in float64
    angle = np.arange(n)[:, None] / np.power(10000, 2 * (np.arange(d)[None, :] // 2) / d)
    return torch.tensor(np.where(np.arange(d) % 2 == 0, np.sin(angle), np.cos(angle)), dtype=torch.float32)[None]


class MaeLayer(nn.Module):  # pre-LN block, eps 1e-12, q and v biases but no k bias
    def __init__(self, d, heads, mlp):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-12), nn.LayerNorm(d, eps=1e-12)
        self.qkv = nn.Linear(d, 3 * d, bias=False)  # query/key/value weights stacked
        self.q_bias, self.v_bias = nn.Parameter(torch.zeros(d)), nn.Parameter(torch.zeros(d))
        self.out = nn.Linear(d, d)
        self.fc1, self.fc2 = nn.Linear(d, mlp), nn.Linear(mlp, d)

    def forward(self, x):  # [B, S, d]
        bias = torch.cat([self.q_bias, torch.zeros_like(self.v_bias), self.v_bias])
        x = x + self.out(attend(F.linear(self.ln1(x), self.qkv.weight, bias), self.heads))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class VideoMAE(nn.Module):
    def __init__(self, pretrain):
        super().__init__()
        self.embed = nn.Linear(K, D)  # Conv3d(kernel = stride = (tubelet, patch, patch))
        self.register_buffer("pos", sincos(N, D))
        self.layers = nn.ModuleList([MaeLayer(D, H, MLP) for _ in range(L)])
        if not pretrain:  # use_mean_pooling=True: no encoder final norm
            self.fc_norm, self.head = nn.LayerNorm(D, eps=1e-5), nn.Linear(D, a.classes)
            return
        self.norm = nn.LayerNorm(D, eps=1e-12)  # use_mean_pooling=False: videomae.layernorm
        self.encoder_to_decoder = nn.Linear(D, DD, bias=False)
        self.mask_token = nn.Parameter(torch.randn(1, 1, DD) * 0.02)
        self.register_buffer("decoder_pos", sincos(N, DD))
        self.decoder = nn.ModuleList([MaeLayer(DD, DH, DMLP) for _ in range(DL)])
        self.decoder_norm, self.decoder_head = nn.LayerNorm(DD, eps=1e-5), nn.Linear(DD, K)

    def classify(self, x):  # [B, T, C, H, W] -> logits [B, classes]
        t = self.embed(patchify(x)) + self.pos  # [B, N, D]
        for layer in self.layers:
            t = layer(t)
        return self.head(self.fc_norm(t.mean(1)))

    def pretrain(self, x, mask):  # x [B, T, C, H, W], mask [B, N] True = masked -> predictions [B, masked, K]
        b = x.shape[0]
        t = self.embed(patchify(x)) + self.pos  # [B, N, D]
        t = t[~mask].reshape(b, -1, D)  # [B, visible, D], in token order
        for layer in self.layers:
            t = layer(t)
        t = self.encoder_to_decoder(self.norm(t))  # [B, visible, DD]
        pos = self.decoder_pos.expand(b, -1, -1)
        t = torch.cat([t + pos[~mask].reshape(b, -1, DD),  # visible tokens first, then one mask token per
                       self.mask_token + pos[mask].reshape(b, -1, DD)], dim=1)  # masked position: [B, N, DD]
        for layer in self.decoder:
            t = layer(t)
        n_masked = int(mask[0].sum())
        return self.decoder_head(self.decoder_norm(t[:, -n_masked:]))  # [B, masked, K]


def pretrain_targets(x, mask):  # norm_pix_loss targets of the masked tokens [B, masked, K]
    with torch.no_grad():
        mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 1, 3, 1, 1)
        std = torch.tensor([0.229, 0.224, 0.225]).view(1, 1, 3, 1, 1)
        v = patchify(x * std + mean).view(x.shape[0], N, TT * P * P, C)  # un-normalised, per channel
        v = (v - v.mean(-2, keepdim=True)) / (v.var(-2, unbiased=True, keepdim=True).sqrt() + 1e-6)
        return v.reshape(x.shape[0], N, K)[mask].reshape(x.shape[0], -1, K)


def tube_mask(batch, seed=1):  # [B, N] bool: per clip the same round(ratio*S) spatial positions at every t'
    g = torch.Generator().manual_seed(seed)
    m = torch.zeros(batch, nT, S, dtype=torch.bool)
    for i in range(batch):
        m[i, :, torch.randperm(S, generator=g)[:MASKED // nT]] = True
    return m.reshape(batch, N)


def layer_flop(s, d, mlp):  # one pre-LN layer over s tokens: projections, scores and context, MLP
    return 2 * s * (4 * d * d + 2 * d * mlp) + 4 * s * s * d


def forward_flop():  # matmul FLOPs of one clip's forward pass (2 per multiply-add), as Tubelet's Flops.java
    if a.model == "timesformer":
        T = nT
        per_layer = (2 * S * T * 4 * D * D + 4 * T * T * D * S  # temporal attention (qkv + out, scores + context)
                     + 2 * S * T * D * D  # temporal_dense
                     + 2 * (S + 1) * T * 4 * D * D + 4 * (S + 1) * (S + 1) * D * T  # spatial attention per frame
                     + 2 * (1 + S * T) * 2 * D * MLP)  # MLP
        return 2 * S * T * K * D + L * per_layer + 2 * D * a.classes
    if a.model == "videomae_cls":
        return 2 * N * K * D + L * layer_flop(N, D, MLP) + 2 * D * a.classes
    visible = N - MASKED
    return (2 * N * K * D + L * layer_flop(visible, D, MLP) + 2 * visible * D * DD
            + DL * layer_flop(N, DD, DMLP) + 2 * MASKED * DD * K)


def timed(fn):
    ts = []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter(); fn(); ms = (time.perf_counter() - t0) * 1e3
        if i >= a.warmup:
            ts.append(ms)
    return statistics.median(ts), min(ts), max(ts)


if __name__ == "__main__":
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.rand(a.batch, a.frames, C, a.image, a.image)
    if a.model == "timesformer":
        model = Timesformer()
        run = model
    else:
        model = VideoMAE(pretrain=a.model == "videomae_pretrain")
        if a.model == "videomae_cls":
            run = model.classify
        else:
            mask = tube_mask(a.batch)
            run = lambda v: model.pretrain(v, mask)
    y = torch.arange(a.batch) % a.classes

    def loss_fn():
        if a.model == "videomae_pretrain":
            return F.mse_loss(run(x), pretrain_targets(x, mask))
        return F.cross_entropy(run(x), y)

    gflop = a.batch * forward_flop() / 1e9
    result = {"framework": "pytorch " + torch.__version__, "model": a.model, "batch": a.batch, "threads": a.threads,
              "params": sum(q.numel() for q in model.parameters()), "forward_gflop": round(gflop, 2),
              "env_OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
              "env_OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY")}
    if a.model == "videomae_pretrain":
        result["visible_tokens"] = N - MASKED
    if "forward" in a.what:
        # PyTorch 1.13's eval() + no_grad() forward can be slower on CPU than the same forward with autograd on
        # (issue 19): time both and report the better one as forward_ms (PyTorch's best), as torch_vivit.py does.
        model.eval()
        with torch.no_grad():
            med_ng, lo, hi = timed(lambda: run(x))
        print(f"forward (eval, no_grad): median {med_ng:.1f} ms (min {lo:.1f}, max {hi:.1f})")
        med_g, lo, hi = timed(lambda: run(x))
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
            loss_fn().backward()
            opt.step()
        med, lo, hi = timed(step)
        result["train_step_ms"] = round(med, 1)
        print(f"train step: median {med:.1f} ms (min {lo:.1f}, max {hi:.1f}) = {3 * gflop / med * 1e3:.1f} GFLOP/s")
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(f"peak RSS: {result['peak_rss_mb']} MB")
    if a.json:
        print(json.dumps(result))
