#!/usr/bin/python3
"""Checks that the speed references in torch_models.py compute Hugging Face's maths: loads the tiny HF fixtures
(TimeSformer divided, VideoMAE classification with mean pooling, VideoMAE pretraining with norm_pix_loss) into them
and compares logits, loss, pretraining targets and the stored gradients with `|ours - hf| <= 5e-5 + 1e-4*|hf|`.

  /usr/bin/python3 bench/check_torch_models.py [FIXTURE_DIR]   (default ../shared/fixtures/hf beside the repo)
Not part of `make bench` (no timing here); exits 1 on a mismatch.
"""
import json, os, re, runpy, struct, sys
import numpy as np
import torch, torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "fixtures", "hf")
TINY = ["--image", "32", "--frames", "4", "--patch", "8", "--tubelet", "2", "--hidden", "32", "--layers", "2",
        "--heads", "4", "--mlp", "128", "--classes", "5", "--decoder-hidden", "32", "--decoder-layers", "2",
        "--decoder-heads", "4", "--decoder-mlp", "128"]


def read_safetensors(path):  # {name: float32 tensor}, stdlib + numpy only
    with open(path, "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
        data = f.read()
    return {k: torch.from_numpy(np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype=np.float32)
                                .reshape(v["shape"]).copy())
            for k, v in header.items() if k != "__metadata__"}


RULES = [  # HF name -> our name (regex), kind: how our tensor holds HF's
    (r"^timesformer\.embeddings\.cls_token$", "cls", None),
    (r"^timesformer\.embeddings\.position_embeddings$", "pos", None),
    (r"^timesformer\.embeddings\.time_embeddings$", "time", None),
    (r"^(timesformer|videomae)\.embeddings\.patch_embeddings\.projection\.weight$", "embed.weight", "conv"),
    (r"^(timesformer|videomae)\.embeddings\.patch_embeddings\.projection\.bias$", "embed.bias", None),
    (r"^timesformer\.encoder\.layer\.(\d+)\.temporal_attention\.attention\.qkv\.", r"layers.\1.temporal_qkv.", None),
    (r"^timesformer\.encoder\.layer\.(\d+)\.temporal_attention\.output\.dense\.", r"layers.\1.temporal_out.", None),
    (r"^timesformer\.encoder\.layer\.(\d+)\.temporal_dense\.", r"layers.\1.temporal_dense.", None),
    (r"^timesformer\.encoder\.layer\.(\d+)\.temporal_layernorm\.", r"layers.\1.temporal_ln.", None),
    (r"^timesformer\.encoder\.layer\.(\d+)\.attention\.attention\.qkv\.", r"layers.\1.qkv.", None),
    (r"^timesformer\.encoder\.layer\.(\d+)\.layernorm_before\.", r"layers.\1.ln_before.", None),
    (r"^timesformer\.encoder\.layer\.(\d+)\.layernorm_after\.", r"layers.\1.ln_after.", None),
    (r"^timesformer\.layernorm\.", "norm.", None),
    (r"^(videomae\.encoder\.layer|decoder\.decoder_layers)\.(\d+)\.attention\.attention\.(query|key|value)\.weight$",
     r"\1.\2.qkv.weight", "qkv"),
    (r"^(videomae\.encoder\.layer|decoder\.decoder_layers)\.(\d+)\.layernorm_before\.", r"\1.\2.ln1.", None),
    (r"^(videomae\.encoder\.layer|decoder\.decoder_layers)\.(\d+)\.layernorm_after\.", r"\1.\2.ln2.", None),
    (r"^videomae\.encoder\.layer\.", "layers.", None), (r"^decoder\.decoder_layers\.", "decoder.", None),
    (r"^timesformer\.encoder\.layer\.", "layers.", None),
    (r"\.attention\.attention\.", ".", None), (r"\.attention\.output\.dense\.", ".out.", None),
    (r"\.intermediate\.dense\.", ".fc1.", None), (r"\.output\.dense\.", ".fc2.", None),
    (r"^videomae\.layernorm\.", "norm.", None), (r"^classifier\.", "head.", None),
    (r"^decoder\.norm\.", "decoder_norm.", None), (r"^decoder\.head\.", "decoder_head.", None),
]


def ours(hf):  # -> (our parameter name, kind, q/k/v block index)
    name, kind, block = hf, None, None
    for pattern, repl, k in RULES:
        m = re.search(pattern, name)
        if m:
            if k == "qkv":
                block = ["query", "key", "value"].index(m.group(3))
            kind = kind or k
            name = re.sub(pattern, repl, name)
    return name, kind, block


def as_hf(t, kind, block, hf_shape):  # our tensor (or gradient) -> HF's layout
    if kind == "conv":  # Linear on (dt, ph, pw, c) values -> Conv weight (D, C, [dt,] p, p)
        d, c = hf_shape[0], hf_shape[1]
        return t.reshape(d, *hf_shape[2:], c).movedim(-1, 1)
    if kind == "qkv":
        d = hf_shape[0]
        return t[block * d:(block + 1) * d]
    return t


def close(what, ours_t, hf_t):
    ours_t, hf_t = ours_t.detach().double(), torch.as_tensor(hf_t).double()
    err = ((ours_t - hf_t).abs() - (5e-5 + 1e-4 * hf_t.abs())).max().item()
    ok = ours_t.shape == hf_t.shape and err <= 0
    print(f"  {'ok ' if ok else 'BAD'} {what:70s} max|diff| {(ours_t - hf_t).abs().max().item():.2e}")
    return ok


def check(fixture, model_name):
    path = os.path.join(FIXTURES, fixture)
    print(f"{fixture} -> torch_models.py --model {model_name}")
    sys.argv = ["torch_models.py", "--model", model_name] + TINY
    m = runpy.run_path(os.path.join(HERE, "torch_models.py"))  # module globals built for the tiny sizes
    model = m["Timesformer"]() if model_name == "timesformer" else m["VideoMAE"](model_name == "videomae_pretrain")
    params = dict(model.named_parameters())
    hf = read_safetensors(os.path.join(path, "model.safetensors"))
    with torch.no_grad():
        for k, v in hf.items():
            name, kind, block = ours(k)
            if kind == "conv":
                d, c = v.shape[0], v.shape[1]
                params[name].copy_(v.movedim(1, -1).reshape(d, -1))
            elif kind == "qkv":
                params[name][block * v.shape[0]:(block + 1) * v.shape[0]] = v
            else:
                params[name].copy_(v.reshape(params[name].shape))
        loaded = {ours(k)[0] for k in hf}
        missing = set(params) - loaded
        assert not missing, f"parameters not in the checkpoint: {missing}"
    x = torch.from_numpy(np.load(os.path.join(path, "pixel_values.npy")))
    ok = True
    if model_name == "videomae_pretrain":
        mask = torch.from_numpy(np.load(os.path.join(path, "bool_masked_pos.npy")))
        logits = model.pretrain(x, mask)
        target = m["pretrain_targets"](x, mask)
        ok &= close("target_patches", target, np.load(os.path.join(path, "target_patches.npy")))
        loss = F.mse_loss(logits, target)
    else:
        logits = model(x) if model_name == "timesformer" else model.classify(x)
        loss = F.cross_entropy(logits, torch.from_numpy(np.load(os.path.join(path, "labels.npy"))))
    ok &= close("logits", logits, np.load(os.path.join(path, "logits.npy")))
    ok &= close("loss", loss.reshape(1), np.load(os.path.join(path, "loss.npy")))
    loss.backward()
    for f in sorted(os.listdir(path)):
        if f.startswith("grad__"):
            hf_name = f[len("grad__"):-len(".npy")]
            g = np.load(os.path.join(path, f))
            name, kind, block = ours(hf_name)
            ok &= close("grad " + hf_name, as_hf(params[name].grad, kind, block, g.shape).reshape(g.shape), g)
    return ok


torch.set_num_threads(1)
results = [check("timesformer_divided", "timesformer"), check("videomae_cls_mean", "videomae_cls"),
           check("videomae_pretrain_normpix", "videomae_pretrain")]
print("all match" if all(results) else "MISMATCH")
sys.exit(0 if all(results) else 1)
