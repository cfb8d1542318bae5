#!/usr/bin/python3
"""Writes the results of bench/run.sh into BENCHMARKS.md (stdlib only).

Reads RESULTS/<workload>.java.jsonl and RESULTS/<workload>.torch.jsonl (one JSON line per repetition, the last JSON
line each program printed; {"failed": true, ...} for a run that failed) and RESULTS/<workload>.{java,torch}.cmd
(the command lines) -- for the loader workload RESULTS/loader.tubelet-wN.* and RESULTS/loader.ffmpeg-pN.* --, takes
medians, and rewrites the text between `<!-- bench:begin -->` and `<!-- bench:end -->` in the output file: one
section per workload, each starting with `<!-- bench:workload NAME -->` and saying when and where it was measured.
The sections of the workloads run now are replaced; those of other workloads are kept as they were (a block written
before sections had markers is split at its `### ` headings, and its shared run details are copied into each
section). Everything outside the markers (hand-written notes, the record of attempts) is kept; a missing file is
created, a file without markers gets the block appended.

  report.py --results bench-out --out BENCHMARKS.md --reps 3 --batch 4 --java-env "..." --torch-env "..." \
            [--load-start "..."] [--workloads vivit,...,loader] [--torch-only]
"""
import argparse, datetime, glob, json, os, platform, re, statistics, sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SECTION = "<!-- bench:workload {} -->"
SECTION_RE = re.compile(r"^<!-- bench:workload ([A-Za-z0-9_.-]+) -->[ \t]*$", re.M)
WORKLOADS = {  # name -> title (same order as run.sh)
    "vivit": "ViViT (joint attention), bench-s",
    "timesformer": "TimeSformer (divided space-time attention), bench-s",
    "videomae_cls": "VideoMAE classification (mean pooling), bench-s",
    "videomae_pretrain": "VideoMAE pretraining (90 % tube masking, norm_pix_loss), bench-s",
    "loader": "Data loader: 16-frame 224² clips from 320p H.264",
}
MILESTONE = {"forward_ms": "≤ 1.5×", "train_step_ms": "≤ 2.0×", "peak_rss_mb": "≤ 2.5×"}  # issue 8, first milestone


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


def model_section(a, name):
    java, java_failed = read_runs(os.path.join(a.results, f"{name}.java.jsonl"))
    torch, torch_failed = read_runs(os.path.join(a.results, f"{name}.torch.jsonl"))
    js, ts = summary(java, a.batch), summary(torch, a.batch)
    lines = [f"### {WORKLOADS.get(name, name)}", ""]
    lines += measured(a, "Tubelet and PyTorch", "; within a repetition each program reports the median of its "
                      "measured steps after warm-up")
    lines += [f"- Tubelet environment: {'not run (--torch-only)' if a.torch_only else a.java_env or '—'}",
              f"- PyTorch environment: {a.torch_env or '—'}"]
    if a.torch_only:
        lines.append("- **PyTorch only** (`--torch-only`): the Tubelet side was not run.")
    lines += commands(a, (("Tubelet", f"{name}.java.cmd"), ("PyTorch", f"{name}.torch.cmd")))
    lines += [f"- Runs that produced a result: Tubelet {len(java)} (failed {java_failed}), "
              f"PyTorch {len(torch)} (failed {torch_failed}).",
              f"- Batch {same(java + torch, 'batch') if a.batch is None else a.batch}; "
              f"threads: Tubelet {same(java, 'threads')}, PyTorch "
              f"{same(torch, 'threads')}; parameters: Tubelet {same(java, 'params')}, PyTorch "
              f"{same(torch, 'params')}; forward GFLOP per batch: Tubelet {same(java, 'forward_gflop')}, "
              f"PyTorch {same(torch, 'forward_gflop')}."]
    warm = [f"{phase} {spread(java, phase + '_warmup_steps')[0]:g} steps ({spread(java, phase + '_warmup_s')[0]:g} s)"
            + ("" if all(r.get(phase + "_jit_quiet") for r in java) else ", JIT compilers not quiet in every run")
            for phase in ("forward", "train") if spread(java, phase + "_warmup_steps")]
    if warm:
        lines.append("- Tubelet warm-up (medians): " + ", ".join(warm) + "; PyTorch: the `--warmup` steps of its "
                     "command.")
    if any(r.get("openblas_core") for r in java):
        lines.append(f"- Tubelet's native code (from its JSON): ND4J build {same(java, 'nd4j_build')}, OpenBLAS core "
                     f"{same(java, 'openblas_core')}.")
    for side, runs in (("Tubelet", java), ("PyTorch", torch)):
        reported = sorted({f"{k[4:]}={'unset' if r[k] is None else r[k]}"
                           for r in runs for k in r if k.startswith("env_")})
        if reported:
            lines.append(f"- {side} reported its environment as " + ", ".join(reported) + ".")
    for key in ("params", "forward_gflop"):
        if java and torch and same(java, key) != same(torch, key):
            lines.append(f"- **Warning: the two programs report different `{key}`**: check that they run the same "
                         "workload before reading the ratios.")
    lines += ["", "| | Tubelet (SameDiff) | PyTorch | ratio | milestone |", "|---|---|---|---|---|"]
    rows = [("forward ms", "forward_ms"), ("train step ms (AdamW)", "train_step_ms"),
            ("forward GFLOP/s", "forward_gflops"), ("train GFLOP/s", "train_gflops"),
            ("peak RSS MB", "peak_rss_mb"), ("train clips/s", "clips_per_s")]
    for label, key in rows:
        ratio = f"{js[key][0] / ts[key][0]:.2f}×" if js[key] and ts[key] and ts[key][0] else "—"
        lines.append(f"| {label} | {cell(js[key])} | {cell(ts[key])} | {ratio} | {MILESTONE.get(key, '')} |")
    return lines


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
        sections[name] = "\n".join(loader_section(a) if name == "loader" else model_section(a, name))
    order = [w for w in WORKLOADS if w in sections] + [w for w in sections if w not in WORKLOADS]
    lines = [BEGIN, "<!-- Written by bench/report.py (make bench); edit outside the markers only. The section of a "
             "workload is replaced when make bench runs it and kept otherwise, so each says when and where it was "
             "measured. -->", "", "## Latest measurements", "",
             "Models: GFLOP/s = analytic matmul FLOPs of the forward pass / time; a training step counts 3× the forward "
             "pass. Ratio = Tubelet / PyTorch (time and memory: lower is better; GFLOP/s and clips/s: higher is "
             "better). Milestone = issue 8's first target. Data loader: ratio = Tubelet / ffmpeg CLI clips/s.", ""]
    for name in order:
        lines += [SECTION.format(name), sections[name].strip("\n"), ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", required=True); p.add_argument("--out", required=True)
    p.add_argument("--workloads", default=",".join(WORKLOADS)); p.add_argument("--reps", default="?")
    p.add_argument("--java-env", default=""); p.add_argument("--torch-env", default="")
    p.add_argument("--load-start", default=""); p.add_argument("--torch-only", action="store_true")
    p.add_argument("--batch", type=int, help="batch size given to both programs (for runs that do not report it)")
    a = p.parse_args()
    unknown = [w for w in a.workloads.split(",") if w and w not in WORKLOADS]
    if unknown:
        sys.exit(f"report.py: unknown workload(s) {', '.join(unknown)} (known: {', '.join(WORKLOADS)})")
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
