#!/usr/bin/python3
"""Exports a PyTorch reference model of bench/ as TorchScript for the PyTorch 2.7 (DJL) anchor of make bench.

  export_torchscript.py --out DIR REFERENCE [the reference's own options]
  e.g. export_torchscript.py --out bench-out/djl/timesformer bench/torch_models.py --model timesformer --batch 4 ...

REFERENCE is bench/torch_vivit.py or bench/torch_models.py, given exactly the options make bench gives it, so the
exported model is the one PyTorch 1.13 times: the same module definitions, initialisation (seed 0), input, labels,
tube mask and FLOP count. Writes DIR/forward.pt (input clips -> logits, or pretraining predictions),
DIR/train.pt (input clips, labels -> the scalar training loss: cross entropy, or the norm_pix_loss MSE on the masked
tokens with the reference's fixed tube mask baked in), the input clips and labels as raw tensors DIR/x.f32 and DIR/y.i64
(little-endian), and DIR/meta.json (shapes, parameter count, forward GFLOP per batch, torch version). Both modules are
traced (torch.jit.trace) at the reference's batch size; bench-djl's DjlBench loads them in DJL's PyTorch 2.7.
"""
import contextlib, io, json, os, runpy, sys

import torch
import torch.nn.functional as F


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[0] != "--out":
        sys.exit("usage: export_torchscript.py --out DIR REFERENCE [reference options]")
    out, reference, ref_args = args[1], args[2], args[3:]
    name = os.path.basename(reference)
    if name not in ("torch_vivit.py", "torch_models.py"):
        sys.exit(f"export_torchscript.py: REFERENCE must be bench/torch_vivit.py or bench/torch_models.py, got {reference}")
    os.makedirs(out, exist_ok=True)
    # Run the reference as a module without timing anything: torch_vivit.py builds its model at the top level
    # (--what '' skips both timings); torch_models.py builds it under __main__, so the same is done here from its
    # globals.
    sys.argv = [reference] + ref_args + ["--what", ""]
    with contextlib.redirect_stdout(io.StringIO()):
        g = runpy.run_path(reference, run_name="export")
    a = g["a"]
    torch.manual_seed(0)
    x = torch.rand(a.batch, a.frames, 3, a.image, a.image)
    y = torch.arange(a.batch) % a.classes
    if name == "torch_vivit.py":
        torch.manual_seed(0)
        model, kind = g["Vivit"](), "vivit"
        gflop = g["gflop"]
        forward = model
        loss = lambda m, v, t: F.cross_entropy(m(v), t)
    else:
        kind = a.model
        torch.manual_seed(0)
        x = torch.rand(a.batch, a.frames, 3, a.image, a.image)
        if kind == "timesformer":
            model = g["Timesformer"]()
            forward = model
            loss = lambda m, v, t: F.cross_entropy(m(v), t)
        else:
            model = g["VideoMAE"](pretrain=kind == "videomae_pretrain")
            if kind == "videomae_cls":
                forward = Method(model, "classify")
                loss = lambda m, v, t: F.cross_entropy(m.classify(v), t)
            else:
                mask = g["tube_mask"](a.batch)
                targets = g["pretrain_targets"]
                forward = Pretrain(model, mask)
                loss = lambda m, v, t: F.mse_loss(m.pretrain(v, mask), targets(v, mask))
        gflop = a.batch * g["forward_flop"]() / 1e9
    model.eval()
    with torch.no_grad():
        fwd = torch.jit.trace(forward, (x,), check_trace=False)
    fwd.save(os.path.join(out, "forward.pt"))
    model.train()
    train = torch.jit.trace(Loss(model, loss), (x, y), check_trace=False)
    train.save(os.path.join(out, "train.pt"))
    x.numpy().astype("<f4").tofile(os.path.join(out, "x.f32"))
    y.numpy().astype("<i8").tofile(os.path.join(out, "y.i64"))
    meta = {"model": kind, "batch": a.batch, "x_shape": list(x.shape), "y_shape": list(y.shape),
            "params": sum(q.numel() for q in model.parameters()), "forward_gflop": round(gflop, 2),
            "exported_by": "torch " + torch.__version__, "reference": name, "reference_args": ref_args}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f)
    print(json.dumps(meta))


class Method(torch.nn.Module):  # a module whose forward is another module's method
    def __init__(self, model, method):
        super().__init__()
        self.model, self.method = model, method

    def forward(self, x):
        return getattr(self.model, self.method)(x)


class Pretrain(torch.nn.Module):  # pretraining predictions with the reference's fixed tube mask
    def __init__(self, model, mask):
        super().__init__()
        self.model = model
        self.register_buffer("mask", mask)

    def forward(self, x):
        return self.model.pretrain(x, self.mask)


class Loss(torch.nn.Module):  # (clips, labels) -> the scalar training loss of the reference's step
    def __init__(self, model, loss):
        super().__init__()
        self.model, self.loss = model, loss

    def forward(self, x, y):
        return self.loss(self.model, x, y)


if __name__ == "__main__":
    main()
