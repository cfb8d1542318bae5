#!/usr/bin/python3
"""Writes the results of bench/run.sh into BENCHMARKS.md (stdlib only).

Reads RESULTS/<workload>.java.jsonl, RESULTS/<workload>.torch.jsonl (PyTorch 1.13) and RESULTS/<workload>.djl.jsonl
(PyTorch 2.7 through DJL; optional) -- one JSON line per repetition, the last JSON line each program printed;
{"failed": true, ...} for a run that failed -- and RESULTS/<workload>.{java,torch,djl}.cmd (the command lines) -- for the loader workload RESULTS/loader.tubelet-wN.* and RESULTS/loader.ffmpeg-pN.* --, takes
medians, and rewrites the text between `<!-- bench:begin -->` and `<!-- bench:end -->` in the output file: one
section per workload, each starting with `<!-- bench:workload NAME -->` and saying when and where it was measured.
The sections of the workloads run now are replaced; those of other workloads are kept as they were (a block written
before sections had markers is split at its `### ` headings, and its shared run details are copied into each
section). Everything outside the markers (hand-written notes, the record of attempts) is kept; a missing file is
created, a file without markers gets the block appended.

  report.py --results bench-out --out BENCHMARKS.md --reps 3 --batch 4 --java-env "..." --torch-env "..." \
            [--djl-env "..."] [--load-start "..."] [--workloads vivit,...,loader,vivit_b1,...] [--torch-only]

bench-b workloads are named MODEL_bN (N = batch): vivit_b1, timesformer_b2, videomae_pretrain_b1, ...
"""
import argparse, datetime, glob, json, os, platform, re, statistics, sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SECTION = "<!-- bench:workload {} -->"
SECTION_RE = re.compile(r"^<!-- bench:workload ([A-Za-z0-9_.-]+) -->[ \t]*$", re.M)
INFERENCE = {  # inference workload -> what it classifies: the section title, then the rest of the Tubelet line
    "inference": ("Inference: classifying a folder of clips (eval), VideoMAE bench-s",
                  "a VideoMAE bench-s classifier (configs/bench-s-videomae.yaml, 8 classes)", "160×160 H.264, 32 frames",
                  "8 frames, stride 2; short side 128, centre crop 112"),
    "inference_b": ("Inference at base size: classifying a folder of clips (eval), VideoMAE-B bench-b: 224², 16 frames",
                    "a VideoMAE-B classifier (configs/bench-b-videomae.yaml, 8 classes)", "256×256 H.264, 64 frames",
                    "16 frames, stride 4, as VideoMAE evaluates Kinetics; short side 224, centre crop 224"),
}
WORKLOADS = {  # name -> title (same order as run.sh)
    "vivit": "ViViT (joint attention), bench-s",
    "timesformer": "TimeSformer (divided space-time attention), bench-s",
    "videomae_cls": "VideoMAE classification (mean pooling), bench-s",
    "videomae_pretrain": "VideoMAE pretraining (90 % tube masking, norm_pix_loss), bench-s",
    "loader": "Data loader: 16-frame 224² clips from 320p H.264",
    "inference": INFERENCE["inference"][0],
}
BENCH_B = {  # bench-b workload MODEL_bN -> title of MODEL
    "vivit": "ViViT-B (joint attention), bench-b: 224², 16 frames, 1,568 tokens",
    "timesformer": "TimeSformer-B (divided space-time attention), bench-b: 224², 8 frames",
    "videomae_cls": "VideoMAE-B classification (mean pooling), bench-b: 224², 16 frames, 1,568 tokens",
    "videomae_pretrain": "VideoMAE-B pretraining (90 % tube masking, norm_pix_loss), bench-b: 224², 16 frames",
}
BENCH_B_RE = re.compile(r"^(vivit|timesformer|videomae_cls|videomae_pretrain)_b([1-9][0-9]*)$")
# Goals of issue 19 for Tubelet / anchor (time and memory): bench-s against PyTorch 1.13's best, bench-b against 2.7's
GOAL_S = {"forward_ms": "≤ 0.9× 1.13", "train_step_ms": "≤ 0.9× 1.13, ≤ 1.0× 2.7", "peak_rss_mb": "≤ 1.5× 1.13"}
GOAL_B = {"train_step_ms": "≤ 1.0× 2.7", "peak_rss_mb": "≤ 1.0× 2.7"}
MEMORY_GIB = 24   # bench-b: the largest batch that trains in this much memory


def title(name):  # a workload's section title, or None for an unknown name
    m = BENCH_B_RE.match(name)
    if m:
        return f"{BENCH_B[m.group(1)]}, batch {m.group(2)}"
    return WORKLOADS.get(name) or INFERENCE.get(name, (None,))[0]


ISA_TITLE = {"avx2": "AVX2 path (this machine's AVX-512 hidden)"}   # run.sh's ISA: a section title's suffix
ISA_NOTE = {"avx2": "- Instruction set: **AVX2 and FMA only** (`ISA=avx2`): every program ran as on a processor without "
                    "AVX-512: Tubelet with `-XX:UseAVX=2` (its kernels' Vector API at 256 bits), ND4J's AVX2 build and "
                    "the OpenBLAS core its launcher picks for such a processor; PyTorch 1.13 with the same OpenBLAS "
                    "core, `ATEN_CPU_CAPABILITY=avx2` and oneDNN held to AVX2; PyTorch 2.7 the same, and MKL held "
                    "to AVX2 (the environments below)."}


def order_key(key):  # the native sections first, then each ISA's (run.sh ISA=...) in the same order
    name, _, isa = key.partition(".")
    return (isa,) + workload_order(name)


def workload_order(name):  # bench-s and the loader in WORKLOADS order, then bench-b by model and batch, the rest
    m = BENCH_B_RE.match(name)
    if name in WORKLOADS:
        return (0, list(WORKLOADS).index(name), 0, name)
    if m:
        return (1, list(BENCH_B).index(m.group(1)), int(m.group(2)), name)
    if name in INFERENCE:   # base-size inference after the bench-b models
        return (1, len(BENCH_B), 0, name)
    return (2, 0, 0, name)


def read_runs(path):  # -> (successful result dicts, number of failed runs)
    ok, failed = [], 0
    if not os.path.exists(path):
        return ok, failed
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        try:
            r = json.loads(line)
        except ValueError:
            failed += 1
            continue
        if r.get("failed"):
            failed += 1
        else:
            ok.append(r)
    return ok, failed


def metrics(r, batch=None):  # one run -> the figures of the table (None when the run did not produce them)
    gflop, fwd, train = r.get("forward_gflop"), r.get("forward_ms"), r.get("train_step_ms")
    batch = r.get("batch", batch)
    return {
        "forward_ms": fwd,
        "train_step_ms": train,
        "forward_gflops": gflop / fwd * 1e3 if gflop and fwd else None,
        "train_gflops": 3 * gflop / train * 1e3 if gflop and train else None,
        "peak_rss_mb": r.get("peak_rss_mb"),
        "clips_per_s": batch * 1e3 / train if batch and train else None,
    }


def summary(runs, batch):  # {metric: (median, min, max)} over repetitions
    out = {}
    for key in metrics({}):
        values = [m[key] for m in (metrics(r, batch) for r in runs) if m[key] is not None]
        out[key] = (statistics.median(values), min(values), max(values)) if values else None
    return out


def fmt(v):
    return "—" if v is None else f"{v:.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def cell(s):
    if s is None:
        return "—"
    med, lo, hi = s
    return fmt(med) if lo == hi else f"{fmt(med)} ({fmt(lo)}–{fmt(hi)})"


def same(runs, key):  # one value of a key over runs ("a / b" if they differ)
    values = sorted({str(r.get(key)) for r in runs if r.get(key) is not None})
    return " / ".join(values) if values else "—"


def allocator(java):  # ", C allocator tcmalloc", the Vector API and the JVM options, where the JSON has them
    parts = [(", C allocator ", "malloc"), (", kernels' Vector API: ", "vector_api"), (", JVM: ", "jvm_options")]
    return "".join(f"{label}{same(java, key)}" for label, key in parts if any(r.get(key) for r in java))


def machine():
    cpu, mem = platform.processor() or "unknown", "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        flags = next((l for l in open("/proc/cpuinfo") if l.startswith("flags")), "").split()
        simd = [f for f in ("avx2", "avx512f", "avx512_bf16", "amx_bf16") if f in flags]
        if simd:
            cpu += " (" + ", ".join(simd) + ")"
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = ["?"]
    return cpu, mem, os.cpu_count(), " ".join(load)


def measured(a, programs, detail=""):  # the first lines of a section: when, on what, how often
    cpu, mem, ncpu, load_end = machine()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return [f"- Measured: {now}.",
            f"- Machine: {ncpu} CPUs (nproc), {cpu}, {mem} RAM; load average {a.load_start or '?'} at the start, "
            f"{load_end} at the end (1/5/15 min; other work on the machine makes every figure noisier).",
            f"- Repetitions: {a.reps} per program and setting, alternating {programs}, each in a fresh process; every "
            f"figure is the median over repetitions (min–max in brackets){detail}."]


def commands(a, files):  # "- Side: `command`" for each (side, cmd file) that exists
    out = []
    for side, fname in files:
        path = os.path.join(a.results, fname)
        if os.path.exists(path):
            out.append(f"- {side}: `{open(path).read().strip()}`")
    return out


def model_section(a, name, kept):  # kept: the sections of the report before this run
    java, java_failed = read_runs(os.path.join(a.results, f"{name}.java.jsonl"))
    torch, torch_failed = read_runs(os.path.join(a.results, f"{name}.torch.jsonl"))
    djl, djl_failed = read_runs(os.path.join(a.results, f"{name}.djl.jsonl"))
    m = BENCH_B_RE.match(name)
    batch = int(m.group(2)) if m else a.batch
    js, ts, ds = summary(java, batch), summary(torch, batch), summary(djl, batch)
    has_djl = bool(djl) or djl_failed > 0
    programs = "Tubelet, PyTorch 1.13 and PyTorch 2.7 (DJL) (the order reverses every repetition)" if has_djl \
        else "Tubelet and PyTorch"
    lines = [f"### {title(name) or name}", ""]
    lines += measured(a, programs, "; within a repetition each program reports the median of its "
                      "measured steps after warm-up")
    lines += [f"- Tubelet environment: {'not run (--torch-only)' if a.torch_only else a.java_env or '—'}",
              f"- PyTorch 1.13 environment: {a.torch_env or '—'}"]
    if has_djl:
        lines.append(f"- PyTorch 2.7 (DJL) environment: {a.djl_env or '—'}; the model is PyTorch 1.13's reference "
                     "traced to TorchScript by `bench/export_torchscript.py` (same definitions, initialisation and "
                     "input), trained with DJL's AdamW (`bench-djl`'s `AdamWStep`).")
    if a.torch_only:
        lines.append("- **PyTorch only** (`--torch-only`): the Tubelet side was not run.")
    lines += commands(a, (("Tubelet", f"{name}.java.cmd"), ("PyTorch 1.13", f"{name}.torch.cmd"),
                          ("PyTorch 2.7 (DJL)", f"{name}.djl.cmd")))
    sides = [("Tubelet", java), ("PyTorch 1.13", torch)] + ([("PyTorch 2.7", djl)] if has_djl else [])
    lines += ["- Runs that produced a result: " + ", ".join(
                  f"{side} {len(runs)} (failed {failed})" for (side, runs), failed
                  in zip(sides, (java_failed, torch_failed, djl_failed))) + ".",
              f"- Batch {same(java + torch + djl, 'batch') if batch is None else batch}; threads: "
              + ", ".join(f"{side} {same(runs, 'threads')}" for side, runs in sides) + "; parameters: "
              + ", ".join(f"{side} {same(runs, 'params')}" for side, runs in sides) + "; forward GFLOP per batch: "
              + ", ".join(f"{side} {same(runs, 'forward_gflop')}" for side, runs in sides) + "."]
    warm = [f"{phase} {spread(java, phase + '_warmup_steps')[0]:g} steps ({spread(java, phase + '_warmup_s')[0]:g} s)"
            + ("" if all(r.get(phase + "_jit_quiet") for r in java) else ", JIT compilers not quiet in every run")
            for phase in ("forward", "train") if spread(java, phase + "_warmup_steps")]
    if warm:
        lines.append("- Tubelet warm-up (medians): " + ", ".join(warm) + "; PyTorch: the `--warmup` steps of its "
                     "command.")
    if any(r.get("openblas_core") for r in java):
        lines.append(f"- Tubelet's native code (from its JSON): ND4J build {same(java, 'nd4j_build')}, OpenBLAS core "
                     f"{same(java, 'openblas_core')}" + allocator(java) + ".")
    for side, runs in (("Tubelet", java), ("PyTorch 1.13", torch)):
        reported = sorted({f"{k[4:]}={'unset' if r[k] is None else r[k]}"
                           for r in runs for k in r if k.startswith("env_")})
        if reported:
            lines.append(f"- {side} reported its environment as " + ", ".join(reported) + ".")
    modes = [f"{side} {cell(spread(runs, 'forward_nograd_ms'))} ms with `eval()` + no_grad, "
             f"{cell(spread(runs, 'forward_grad_ms'))} ms with autograd on"
             for side, runs in sides[1:] if spread(runs, "forward_grad_ms")]
    if modes:
        lines.append("- PyTorch's forward is the faster of its two modes (medians): " + "; ".join(modes) + ".")
    for key in ("params", "forward_gflop"):
        known = {same(runs, key) for _, runs in sides if runs}
        if len(known) > 1:
            lines.append(f"- **Warning: the programs report different `{key}`**: check that they run the same "
                         "workload before reading the ratios.")
    goals = GOAL_B if m else GOAL_S
    if has_djl:
        lines += ["", "| | Tubelet (SameDiff) | PyTorch 1.13 | PyTorch 2.7 (DJL) | Tubelet / 1.13 | Tubelet / 2.7 "
                  "| goal |", "|---|---|---|---|---|---|---|"]
    else:
        lines += ["", "| | Tubelet (SameDiff) | PyTorch | ratio | goal |", "|---|---|---|---|---|"]
    rows = [("forward ms", "forward_ms"), ("train step ms (AdamW)", "train_step_ms"),
            ("forward GFLOP/s", "forward_gflops"), ("train GFLOP/s", "train_gflops"),
            ("peak RSS MB", "peak_rss_mb"), ("train clips/s", "clips_per_s")]
    for label, key in rows:
        anchors = (ts, ds) if has_djl else (ts,)
        cells = [cell(js[key])] + [cell(s[key]) for s in anchors] + [ratio(js[key], s[key]) for s in anchors]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {goals.get(key, '')} |")
    if m:
        lines += ["", largest_batch(name, batch, {"Tubelet": java, "PyTorch 1.13": torch, "PyTorch 2.7": djl},
                                    kept)]
    return lines


def ratio(ours, anchor):  # "1.23×" of two summaries' medians, or "—"
    return f"{ours[0] / anchor[0]:.2f}×" if ours and anchor and anchor[0] else "—"


def largest_batch(name, batch, runs_by_side, kept):
    """bench-b: the largest batch that trains in MEMORY_GIB, estimated from the peak RSS of this batch and the slope
    to another batch of the model (memory per clip): the other batch's results when this run measured it, else its
    section kept in the report from an earlier run (said so, with that run's date); one batch alone gives the bound
    "peak RSS / batch per clip", which overestimates the per-clip cost (the fixed part counts too)."""
    base = name[:name.rindex("_b")]
    budget = MEMORY_GIB * 1024   # peak_rss_mb is kB / 1024, so 24 GiB = 24,576 MB
    parts = []
    for side, runs in runs_by_side.items():
        rss = spread(runs, "peak_rss_mb")
        if not rss:
            continue
        other, source = None, ""
        for path in sorted(glob.glob(os.path.join(ARGS.results, f"{base}_b*.{SIDE_FILE[side]}.jsonl"))):
            n = int(path.rsplit("_b", 1)[1].split(".")[0])
            if n != batch:
                o = spread(read_runs(path)[0], "peak_rss_mb")
                if o:
                    other = (n, o[0])
        if other is None and ARGS.isa == "native":   # kept sections are native ones (ISA runs' keys end .isa)
            for key, section in sorted(kept.items()):
                m = BENCH_B_RE.match(key)
                if m and m.group(1) == base and int(m.group(2)) != batch:
                    kept_rss, when = kept_peak_rss(section)
                    if side in kept_rss:
                        other = (int(m.group(2)), kept_rss[side])
                        source = f", batch {other[0]} from the run of {when or 'an earlier run'}"
        if other:
            per_clip = (rss[0] - other[1]) / (batch - other[0])
            fixed = rss[0] - per_clip * batch
            how = (f"slope between batch {min(batch, other[0])} and {max(batch, other[0])}{source}: "
                   f"{per_clip:.0f} MB per clip")
        else:
            per_clip, fixed = rss[0] / batch, 0.0
            how = f"{per_clip:.0f} MB per clip, the whole peak RSS divided by the batch (an upper bound per clip)"
        n_max = int((budget - fixed) // per_clip) if per_clip > 0 else None
        parts.append(f"{side} ≈ {n_max if n_max is not None else '?'} ({how})")
    return (f"Largest batch that trains in {MEMORY_GIB} GiB, estimated from peak RSS (not measured): "
            + "; ".join(parts) + "." if parts else "")


def kept_peak_rss(section):  # a kept model section -> ({side: median peak RSS MB}, its "Measured:" date or None)
    lines = section.splitlines()
    header = next((l for l in lines if l.startswith("| | Tubelet")), None)
    row = next((l for l in lines if l.startswith("| peak RSS MB |")), None)
    when = re.search(r"^- Measured: (.+?)\.?$", section, re.M)
    out = {}
    if header and row:
        names = [c.strip() for c in header.strip().strip("|").split("|")]
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        for side in SIDE_FILE:
            col = next((i for i, n in enumerate(names) if n.startswith(side)), None)
            value = re.match(r"[0-9][0-9.]*", cells[col]) if col is not None and col < len(cells) else None
            if value:
                out[side] = float(value.group(0))
    return out, when.group(1) if when else None


ARGS = None   # the parsed command line (largest_batch reads the other batches' results)
SIDE_FILE = {"Tubelet": "java", "PyTorch 1.13": "torch", "PyTorch 2.7": "djl"}


def spread(runs, key):  # (median, min, max) of a key over runs, or None
    values = [r[key] for r in runs if r.get(key) is not None]
    return (statistics.median(values), min(values), max(values)) if values else None


def loader_section(a):
    def settings(side):  # {N: runs} from RESULTS/loader.<side>N.jsonl
        out = {}
        for path in glob.glob(os.path.join(a.results, f"loader.{side}*.jsonl")):
            n = path[len(os.path.join(a.results, f"loader.{side}")):-len(".jsonl")]
            if n.isdigit():
                out[int(n)] = read_runs(path)
        return out

    tubelet, ffmpeg = settings("tubelet-w"), settings("ffmpeg-p")
    ns = sorted(set(tubelet) | set(ffmpeg))
    java = [r for n in ns for r in tubelet.get(n, ([], 0))[0]]
    anchor = [r for n in ns for r in ffmpeg.get(n, ([], 0))[0]]
    lines = [f"### {WORKLOADS['loader']}", ""]
    lines += measured(a, "Tubelet and the ffmpeg CLI (the order flips every repetition)")
    if java:
        r = java[0]
        lines.append(f"- Data: {same(java, 'videos')} videos of {same(java, 'video_size')} {same(java, 'codec')}, "
                     f"{same(java, 'video_fps')} fps, {same(java, 'video_frames')} frames each, written by "
                     "`dataset bench` (a `MovingShapes` scene filmed by a camera panning one pixel per frame, so every "
                     "macroblock moves; OpenH264, Constrained Baseline, keyframe every 2 s, ~0.15 bit/pixel). "
                     f"{same(java, 'clips')} clips per run, the same clips (seed 0) in every run.")
        lines.append(f"- Tubelet: the training `VideoLoader` with N worker threads, batch {same(java, 'batch')}; dense "
                     f"sampling {r.get('frames')}×{r.get('stride')} at a random start; FFmpeg through JavaCV (one "
                     f"decoding thread per worker, seek to the keyframe before the clip, decode forward); "
                     f"{r.get('transform', '?')} (Hugging Face-exact: antialiased bilinear resize of the short side "
                     f"to {r.get('size')}, centre crop {r.get('size')}², float32 [T, C, H, W]). Nothing consumes the "
                     "batches, so the consumer waits nearly all the time: the loader alone is timed.")
    if anchor:
        r = anchor[0]
        lines.append(f"- ffmpeg CLI {same(anchor, 'ffmpeg')} (`bench/ffmpeg_clips.py`, the anchor): the same clips "
                     "(first frame and 16×4 span from the plan Tubelet's preparation run wrote), one process per clip "
                     "and N at a time, one decoding and one filter thread each, `-ss` to the first frame (exact: "
                     "checked against decoding from the start), `select` every 4th frame, `-frames:v 16`, bilinear "
                     f"scale to {r.get('size')} on the short side, RGB24 to a pipe and discarded (no crop, no float "
                     f"conversion). Starting the process alone (`ffmpeg -version`) takes "
                     f"{cell(spread(anchor, 'startup_ms'))} ms, paid once per clip.")
    lines.append(f"- Tubelet environment: {a.java_env or '—'}")
    lines += commands(a, [(f"Tubelet, {n} worker{'s' if n > 1 else ''}", f"loader.tubelet-w{n}.cmd") for n in ns]
                      + [(f"ffmpeg CLI, {n} process{'es' if n > 1 else ''}", f"loader.ffmpeg-p{n}.cmd") for n in ns])
    lines.append("- Runs that produced a result: " + "; ".join(
        f"{n}: Tubelet {len(tubelet.get(n, ([], 0))[0])} (failed {tubelet.get(n, ([], 0))[1]}), ffmpeg "
        f"{len(ffmpeg.get(n, ([], 0))[0])} (failed {ffmpeg.get(n, ([], 0))[1]})" for n in ns) + ".")
    lines += ["", "| workers / processes | Tubelet clips/s | ffmpeg CLI clips/s | ratio | Tubelet consumer wait |",
              "|---|---|---|---|---|"]
    for n in ns:
        t, f = spread(tubelet.get(n, ([], 0))[0], "clips_per_s"), spread(ffmpeg.get(n, ([], 0))[0], "clips_per_s")
        ratio = f"{t[0] / f[0]:.2f}×" if t and f and f[0] else "—"
        wait, secs = spread(tubelet.get(n, ([], 0))[0], "consumer_wait_s"), spread(tubelet.get(n, ([], 0))[0], "seconds")
        waited = f"{fmt(wait[0])} s of {fmt(secs[0])} s" if wait and secs else "—"
        lines.append(f"| {n} | {cell(t)} | {cell(f)} | {ratio} | {waited} |")
    lines += ["", "Ratio = Tubelet / ffmpeg CLI (higher: Tubelet loads more clips per second)."]
    return lines


def inference_section(a, name):
    java, java_failed = read_runs(os.path.join(a.results, f"{name}.java.jsonl"))
    torch, torch_failed = read_runs(os.path.join(a.results, f"{name}.torch.jsonl"))
    djl, djl_failed = read_runs(os.path.join(a.results, f"{name}.djl.jsonl"))
    heading, model, videos, view = INFERENCE[name]
    lines = [f"### {heading}", ""]
    lines += measured(a, "Tubelet, PyTorch 1.13 and PyTorch 2.7 (DJL) (the order reverses every repetition)"
                      if djl or djl_failed else "Tubelet and PyTorch 1.13 (the order flips every repetition)")
    if java:
        lines.append(f"- Tubelet: `eval` of {model} on {same(java, 'videos')} generated labelled videos ({videos}), "
                     f"{same(java, 'views_per_video')} centred view each ({view}), batch {same(java, 'batch')}, "
                     f"{same(java, 'workers')} loader worker; timed as `eval` "
                     "times itself: the evaluation without loading the model, JIT warm-up included. OpenBLAS core "
                     f"{same(java, 'openblas_core')}" + allocator(java) + ".")
    if torch:
        lines.append(f"- PyTorch {same(torch, 'framework').replace('pytorch ', '')} (`bench/torch_inference.py`): the "
                     "same videos, views and sizes; PyAV "
                     f"{same(torch, 'pyav')} decoding (one thread) in a `DataLoader` with {same(torch, 'workers')} "
                     "worker process, the image processor's steps in torch (antialiased bilinear resize, centre crop, "
                     "ImageNet normalisation), bench/torch_models.py's VideoMAE in its faster forward mode on this "
                     f"machine ({same(torch, 'mode')}; chosen by timing both first, {same(torch, 'mode_warmup')} "
                     f"unmeasured and {same(torch, 'mode_steps')} measured calls each, which also warms it up). "
                     "Peak RSS: "
                     "the main process (the worker process's own: "
                     f"{cell(spread(torch, 'worker_peak_rss_mb'))} MB).")
    if djl:
        lines.append(f"- PyTorch {same(djl, 'framework').replace('pytorch ', '')} (bench-djl's `DjlInference`): "
                     "the same model as PyTorch 1.13's, exported as TorchScript (`bench/export_torchscript.py`), "
                     "classifying the same views read by Tubelet's own loader (DJL reads no video: "
                     f"{same(djl, 'decoder')}, {same(djl, 'workers')} worker, the same processing as `eval`), in its "
                     f"faster forward mode ({same(djl, 'mode')}; both timed first on the export's input batch, "
                     f"{same(djl, 'mode_warmup')} unmeasured and {same(djl, 'mode_steps')} measured calls each, "
                     "which also warms up TorchScript). Unreadable videos: "
                     f"{same(djl, 'unreadable')}.")
    lines.append(f"- Tubelet environment: {a.java_env or '—'}")
    lines.append(f"- PyTorch environment: {a.torch_env or '—'}")
    if djl or djl_failed:
        lines.append(f"- PyTorch 2.7 (DJL) environment: {a.djl_env or '—'}")
    lines += commands(a, [("Tubelet", f"{name}.java.cmd"), ("PyTorch 1.13", f"{name}.torch.cmd"),
                          ("PyTorch 2.7 (DJL)", f"{name}.djl.cmd")])
    lines.append(f"- Runs that produced a result: Tubelet {len(java)} (failed {java_failed}), PyTorch 1.13 "
                 f"{len(torch)} (failed {torch_failed})"
                 + (f", PyTorch 2.7 {len(djl)} (failed {djl_failed})." if djl or djl_failed else "."))
    lines += ["", "| | Tubelet | PyTorch 1.13 | PyTorch 2.7 (DJL) | Tubelet / 1.13 | Tubelet / 2.7 | goal |",
              "|---|---|---|---|---|---|---|"]
    for key, label, goal in (("views_per_s", "views/s", "≥ 1.0×"), ("seconds", "seconds", ""),
                             ("forward_ms", "forward ms per batch (mode timing)", ""),
                             ("peak_rss_mb", "peak RSS MB", "")):
        t, p, d = spread(java, key), spread(torch, key), spread(djl, key)
        lines.append(f"| {label} | {cell(t)} | {cell(p)} | {cell(d)} | {ratio(t, p)} | {ratio(t, d)} | {goal} |")
    lines += ["", "Ratio = Tubelet / PyTorch (views/s: higher is better; seconds and memory: lower is better). "
              "Tubelet's `eval` does not report a forward time of its own (—)."]
    return lines


def parse_sections(old_block):  # -> {name: section text} in file order, from an earlier block
    sections = {}
    old_block = old_block.replace(BEGIN, "").replace(END, "")
    marks = list(SECTION_RE.finditer(old_block))
    if marks:
        for m, following in zip(marks, marks[1:] + [None]):
            end = following.start() if following else len(old_block)
            sections[m.group(1)] = old_block[m.end():end].strip("\n")
        return sections
    # A block from before section markers: one "## Latest run: DATE" with shared details, then "### title" sections.
    parts = re.split(r"^(?=### )", old_block, flags=re.M)
    head, bodies = parts[0], parts[1:]
    date = re.search(r"^## Latest run: (.+)$", head, re.M)
    shared = [f"- Measured: {date.group(1).strip()}."] if date else []
    shared += [l for l in head.splitlines() if l.startswith(("- Machine:", "- Repetitions:",
                                                             "- Tubelet environment:", "- PyTorch environment:"))]
    titles = {title: name for name, title in WORKLOADS.items()}
    for i, body in enumerate(bodies):
        title, _, rest = body.partition("\n")
        name = titles.get(title[4:].strip(), f"earlier-{i + 1}")
        sections[name] = "\n".join([title, ""] + shared + [rest.strip("\n")])
    return sections


def block(a, old_sections):
    ran = [w for w in a.workloads.split(",") if w]
    sections = dict(old_sections)
    for name in ran:
        if name == "loader":
            lines = loader_section(a)
        elif name in INFERENCE:
            lines = inference_section(a, name)
        else:
            lines = model_section(a, name, old_sections)
        if a.isa != "native":   # its own section, beside the native one: "### title, AVX2 path (...)" and a note
            lines = [f"{lines[0]}, {ISA_TITLE[a.isa]}"] + lines[1:4] + [ISA_NOTE[a.isa]] + lines[4:]  # after Machine
            name = f"{name}.{a.isa}"
        sections[name] = "\n".join(lines)
    order = sorted(sections, key=order_key)
    lines = [BEGIN, "<!-- Written by bench/report.py (make bench); edit outside the markers only. The section of a "
             "workload is replaced when make bench runs it and kept otherwise, so each says when and where it was "
             "measured. -->", "", "## Latest measurements", "",
             "Models: GFLOP/s = analytic matmul FLOPs of the forward pass / time; a training step counts 3× the forward "
             "pass. Ratio = Tubelet / PyTorch (time and memory: lower is better; GFLOP/s and clips/s: higher is "
             "better). Two anchors: PyTorch 1.13 (Debian, OpenBLAS) and PyTorch 2.7.1 driven from Java through DJL; "
             "PyTorch's forward is the faster of `eval()` + no_grad and autograd on. Goal = issue 19's targets "
             "(bench-s against PyTorch 1.13's best, bench-b against PyTorch 2.7). Data loader: ratio = Tubelet / "
             "ffmpeg CLI clips/s. Inference: ratio = Tubelet / PyTorch views/s.", ""]
    for name in order:
        lines += [SECTION.format(name), sections[name].strip("\n"), ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", required=True); p.add_argument("--out", required=True)
    p.add_argument("--workloads", default=",".join(WORKLOADS)); p.add_argument("--reps", default="?")
    p.add_argument("--java-env", default=""); p.add_argument("--torch-env", default="")
    p.add_argument("--djl-env", default="")
    p.add_argument("--load-start", default=""); p.add_argument("--torch-only", action="store_true")
    p.add_argument("--isa", default="native", choices=["native", *ISA_TITLE],
                   help="run.sh's ISA: the instruction set the programs were held to (its own sections)")
    p.add_argument("--batch", type=int, help="batch size given to both programs (for runs that do not report it)")
    a = p.parse_args()
    global ARGS
    ARGS = a
    unknown = [w for w in a.workloads.split(",") if w and not title(w)]
    if unknown:
        sys.exit(f"report.py: unknown workload(s) {', '.join(unknown)} (known: {', '.join(WORKLOADS)}, and "
                 f"{'_bN, '.join(BENCH_B)}_bN with N the batch)")
    old = open(a.out).read() if os.path.exists(a.out) else ""
    b, e = old.find(BEGIN), old.find(END)
    if (b < 0) != (e < 0) or e < b:
        sys.exit(f"{a.out}: the markers {BEGIN} / {END} are unbalanced or out of order; fix the file by hand")
    new = block(a, parse_sections(old[b:e + len(END)]) if b >= 0 else {})
    if not os.path.exists(a.out):
        text = ("# Benchmarks\n\nTubelet (DL4J SameDiff) against PyTorch on the same workloads, same machine, same run: "
                "`make bench` (bench/run.sh). Between the bench markers, a run rewrites the sections of the workloads "
                "it measures; everything else in this file is hand-written and kept.\n\n" + new)
    elif b < 0:
        text = old.rstrip("\n") + "\n\n" + new
    else:
        text = old[:b] + new.rstrip("\n") + old[e + len(END):]  # keep what surrounds the markers as it is
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
