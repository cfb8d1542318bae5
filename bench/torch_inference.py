#!/usr/bin/python3
"""PyTorch 1.13 anchor of the inference workload (make bench, BENCH_ONLY=inference): classify a folder of clips the
way a PyTorch user does, to compare with `trainer.jar eval` on the same videos and the same model.

Reads a list file ("videos/val_00000.mp4 label" lines, paths relative to --root). For each video, in a
torch.utils.data.DataLoader with --workers worker processes: PyAV decodes the frames of one centred view (Tubelet's
TestViews formula: start = min(N - L, floor(0.5 * (N - L + 1))) for a span L = (frames - 1) * stride + 1, frames
start + k * stride), as the Hugging Face VideoMAE documentation reads videos (decode from the start, keep the indices),
one decoding thread per worker; then the image processor's steps in torch: antialiased bilinear resize of the short
side to --short-side, centre crop --image, rescale 1/255, ImageNet mean/std. The model (bench/torch_models.py's
reference, the same sizes as Tubelet's preset) runs batched in eval mode. The mode is PyTorch's faster one on this
machine: eval() + no_grad, or autograd on (PyTorch 1.13's no-grad "fast path" was 2-3x slower on some CPUs, issue 19),
chosen by timing both on random batches before the timed pass (that also warms PyTorch up, which the Java side is not).

Timed: from creating the DataLoader iterator to the last batch's softmax, as `eval` times Evaluator.evaluate.
Prints progress and one final JSON line:
  {"framework": "pytorch 1.13...", "videos": 160, "batch": 8, "workers": 1, "seconds": .., "views_per_s": ..,
   "mode": "no_grad" | "autograd", "forward_ms": .., "mode_warmup": 1, "mode_steps": 3, "peak_rss_mb": .., "worker_peak_rss_mb": .., "pyav": "10.0.0"}
peak_rss_mb is the main process's (the model's); a DataLoader worker is a process of its own (worker_peak_rss_mb:
the largest one's).

  torch_inference.py --list data/generated/inference-bench/val.txt --root data/generated/inference-bench \
      --workers 1 --stride 2 --short-side 128 [model options of torch_models.py: --model videomae_cls --image 112
      --frames 8 --batch 8 --threads 2 ...] --json
"""
import argparse, json, math, os, resource, statistics, sys, time

own = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
own.add_argument("--list", required=True, help="list file: 'path label' lines")
own.add_argument("--root", required=True, help="folder the list's paths are relative to")
own.add_argument("--workers", type=int, default=1, help="DataLoader worker processes (default 1)")
own.add_argument("--stride", type=int, default=2, help="frame step within a view (default 2)")
own.add_argument("--short-side", type=int, default=128, help="resize the short side to this (default 128)")
own.add_argument("--json", action="store_true", help="print one final JSON line")
a, model_args = own.parse_known_args()
# bench/torch_models.py reads its own options (sizes, --batch, --threads) when it is imported
sys.argv = [sys.argv[0]] + model_args
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import av  # noqa: E402  (Debian: python3-av)
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torch_models as M  # noqa: E402

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def read_list(path, root):
    items = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[1].lstrip("-").isdigit():
                sys.exit(f"{path}:{n}: expected 'path label', got {line.strip()!r}")
            items.append((os.path.join(root, parts[0]), int(parts[1])))
    if not items:
        sys.exit(f"{path}: no videos")
    return items


def view_indices(frame_count, frames, stride):  # Tubelet's TestViews.start for one view of one, then the stride
    span = (frames - 1) * stride + 1
    start = 0 if frame_count < span else min(frame_count - span, math.floor(0.5 * (frame_count - span + 1)))
    return [min(start + k * stride, frame_count - 1) for k in range(frames)]


class Clips(torch.utils.data.Dataset):
    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        with av.open(path) as container:
            stream = container.streams.video[0]
            stream.thread_count = 1
            if stream.frames <= 0:
                raise RuntimeError(f"{path}: the container does not give the frame count")
            indices = view_indices(stream.frames, M.a.frames, a.stride)
            wanted, frames = set(indices), {}
            for n, frame in enumerate(container.decode(stream)):
                if n > indices[-1]:
                    break
                if n in wanted:
                    frames[n] = frame.to_ndarray(format="rgb24")
        if len(frames) != len(wanted):
            raise RuntimeError(f"{path}: decoded {len(frames)} of the frames {indices}")
        x = torch.from_numpy(np.stack([frames[n] for n in indices]))  # [T, H, W, C] uint8
        x = x.permute(0, 3, 1, 2).float()                                                # [T, C, H, W]
        h, w = x.shape[-2:]
        size = (a.short_side, round(w * a.short_side / h)) if h <= w else (round(h * a.short_side / w), a.short_side)
        x = F.interpolate(x, size=size, mode="bilinear", antialias=True, align_corners=False)
        top, left = (x.shape[-2] - M.a.image) // 2, (x.shape[-1] - M.a.image) // 2
        x = x[..., top:top + M.a.image, left:left + M.a.image]
        return (x / 255 - MEAN) / STD, label


def main():
    torch.set_num_threads(M.a.threads)
    torch.manual_seed(0)
    if M.a.model == "timesformer":
        model = M.Timesformer()
        run = model
    elif M.a.model == "videomae_cls":
        model = M.VideoMAE(pretrain=False)
        run = model.classify
    else:
        sys.exit(f"torch_inference: --model {M.a.model}: expected timesformer or videomae_cls")
    model.eval()
    items = read_list(a.list, a.root)

    # PyTorch's faster forward mode on this machine, on random batches (not timed with the pass)
    x = torch.rand(M.a.batch, M.a.frames, 3, M.a.image, M.a.image)
    modes = {}
    for mode in ("no_grad", "autograd"):
        times = []
        for i in range(1 + max(M.a.steps, 1)):
            t0 = time.perf_counter()
            with torch.set_grad_enabled(mode == "autograd"):
                run(x)
            if i > 0:
                times.append((time.perf_counter() - t0) * 1e3)
        modes[mode] = statistics.median(times)
        print(f"forward ({mode}): median {modes[mode]:.1f} ms per batch of {M.a.batch}")
    mode = min(modes, key=modes.get)

    loader = torch.utils.data.DataLoader(Clips(items), batch_size=M.a.batch, num_workers=a.workers)
    correct, seen = 0, 0
    t0 = time.perf_counter()
    for clips, labels in loader:
        with torch.set_grad_enabled(mode == "autograd"):
            probs = torch.softmax(run(clips), dim=-1)
        correct += int((probs.argmax(-1) == labels).sum())
        seen += len(labels)
    seconds = time.perf_counter() - t0
    result = {"framework": "pytorch " + torch.__version__, "model": M.a.model, "videos": seen, "views_per_video": 1,
              "batch": M.a.batch, "workers": a.workers, "threads": M.a.threads, "top1": correct / seen,
              "seconds": round(seconds, 3), "views_per_s": round(seen / seconds, 3), "mode": mode,
              "forward_ms": round(modes[mode], 1), "mode_warmup": 1, "mode_steps": max(M.a.steps, 1),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
              "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
              "pyav": av.__version__}
    print(f"{seen} views in {seconds:.2f} s: {seen / seconds:.2f} views/s ({mode}, {a.workers} worker(s), "
          f"batch {M.a.batch})")
    if a.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
