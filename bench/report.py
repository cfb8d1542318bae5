#!/usr/bin/python3
"""Writes the results of bench/run.sh into BENCHMARKS.md (stdlib only).

Reads RESULTS/<workload>.java.jsonl and RESULTS/<workload>.torch.jsonl (one JSON line per repetition, the last JSON
line each program printed; {"failed": true, ...} for a run that failed) and RESULTS/<workload>.{java,torch}.cmd
(the command lines), takes medians, and replaces the text between `<!-- bench:begin -->` and `<!-- bench:end -->`
in the output file. Everything outside the markers (hand-written notes, the record of attempts) is kept; a missing
file is created, a file without markers gets the block appended.

  report.py --results bench-out --out BENCHMARKS.md --reps 3 --batch 4 --java-env "..." --torch-env "..." \
            [--load-start "..."] [--workloads vivit,...] [--torch-only]
"""
import argparse, datetime, json, os, platform, statistics, sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
WORKLOADS = {  # name -> title (same order as run.sh)
    "vivit": "ViViT (joint attention), bench-s",
    "timesformer": "TimeSformer (divided space-time attention), bench-s",
    "videomae_cls": "VideoMAE classification (mean pooling), bench-s",
    "videomae_pretrain": "VideoMAE pretraining (90 % tube masking, norm_pix_loss), bench-s",
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


def block(a):
    cpu, mem, ncpu, load_end = machine()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [BEGIN, "<!-- Written by bench/report.py (make bench); edit outside the markers only. -->", "",
             f"## Latest run: {now}", "",
             f"- Machine: {ncpu} CPUs (nproc), {cpu}, {mem} RAM; load average {a.load_start or '?'} at the start, "
             f"{load_end} at the end (1/5/15 min; other work on the machine makes every figure noisier).",
             f"- Repetitions: {a.reps} per program and workload, alternating Tubelet and PyTorch, each in a fresh "
             "process; every figure is the median over repetitions (min–max in brackets); within a repetition each "
             "program reports the median of its measured steps after warm-up.",
             f"- Tubelet environment: {'not run (--torch-only)' if a.torch_only else a.java_env or '—'}",
             f"- PyTorch environment: {a.torch_env or '—'}",
             "- GFLOP/s = analytic matmul FLOPs of the forward pass / time; a training step counts 3× the forward "
             "pass. Ratio = Tubelet / PyTorch (time and memory: lower is better; GFLOP/s and clips/s: higher is "
             "better). Milestone = issue 8's first target."]
    if a.torch_only:
        lines.append("- **PyTorch only** (`--torch-only`): the Tubelet side was not run.")
    lines.append("")
    rows = [("forward ms", "forward_ms"), ("train step ms (AdamW)", "train_step_ms"),
            ("forward GFLOP/s", "forward_gflops"), ("train GFLOP/s", "train_gflops"),
            ("peak RSS MB", "peak_rss_mb"), ("train clips/s", "clips_per_s")]
    for name in a.workloads.split(","):
        java, java_failed = read_runs(os.path.join(a.results, f"{name}.java.jsonl"))
        torch, torch_failed = read_runs(os.path.join(a.results, f"{name}.torch.jsonl"))
        js, ts = summary(java, a.batch), summary(torch, a.batch)
        lines += [f"### {WORKLOADS.get(name, name)}", ""]
        for side, fname in (("Tubelet", f"{name}.java.cmd"), ("PyTorch", f"{name}.torch.cmd")):
            path = os.path.join(a.results, fname)
            if os.path.exists(path):
                lines.append(f"- {side}: `{open(path).read().strip()}`")
        lines += [f"- Runs that produced a result: Tubelet {len(java)} (failed {java_failed}), "
                  f"PyTorch {len(torch)} (failed {torch_failed}).",
                  f"- Batch {same(java + torch, 'batch') if a.batch is None else a.batch}; "
                  f"threads: Tubelet {same(java, 'threads')}, PyTorch "
                  f"{same(torch, 'threads')}; parameters: Tubelet {same(java, 'params')}, PyTorch "
                  f"{same(torch, 'params')}; forward GFLOP per batch: Tubelet {same(java, 'forward_gflop')}, "
                  f"PyTorch {same(torch, 'forward_gflop')}."]
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
        for label, key in rows:
            ratio = f"{js[key][0] / ts[key][0]:.2f}×" if js[key] and ts[key] and ts[key][0] else "—"
            lines.append(f"| {label} | {cell(js[key])} | {cell(ts[key])} | {ratio} | {MILESTONE.get(key, '')} |")
        lines.append("")
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
    new = block(a)
    if not os.path.exists(a.out):
        text = ("# Benchmarks\n\nTubelet (DL4J SameDiff) against PyTorch on the same workloads, same machine, same run: "
                "`make bench` (bench/run.sh). The block between the bench markers is rewritten by every run; "
                "everything else in this file is hand-written and kept.\n\n" + new)
    else:
        old = open(a.out).read()
        b, e = old.find(BEGIN), old.find(END)
        if b < 0 and e < 0:
            text = old.rstrip("\n") + "\n\n" + new
        elif 0 <= b < e:
            text = old[:b] + new.rstrip("\n") + old[e + len(END):]  # keep what surrounds the markers as it is
        else:
            sys.exit(f"{a.out}: the markers {BEGIN} / {END} are unbalanced or out of order; fix the file by hand")
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
