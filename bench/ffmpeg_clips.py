#!/usr/bin/python3
"""The ffmpeg CLI anchor of the data-loader benchmark (stdlib only).

Decodes the clips of a plan written by `trainer.jar dataset bench --plan FILE` (one JSON line per clip: path, fps,
width, height, frames = the 16 frame indices, start + k·stride) with the `ffmpeg` binary, one process per clip and
PROCESSES processes at a time: input seeking to the clip's first frame (`-ss`, exact: ffmpeg decodes from the keyframe
before it and drops the frames before it), every stride-th frame (`select`), `-frames:v 16`, scaled to SIZE on the
short side (bilinear), raw RGB24 on stdout, counted and discarded. One decoding and one filter thread per process, as
Tubelet's loader decodes each clip on one thread. Prints progress and one final JSON line:

  {"tool": "ffmpeg", "processes": 1, "clips": 64, "seconds": .., "clips_per_s": .., "startup_ms": ..,
   "clip_median_ms": .., "ffmpeg": "5.1.x", ...}

startup_ms is the median wall time of `ffmpeg -version` on its own: process start and library loading, which the
anchor pays once per clip (clip_median_ms is the median wall time of one clip's process). Before timing, the first clips are checked to give exactly
the frames a decode from the start of the video gives (frame i = the i-th decoded frame).

  ffmpeg_clips.py --plan bench-out/loader.plan.jsonl --processes 2 [--size 224] [--warmup 2] [--ffmpeg ffmpeg] --json
"""
import argparse, concurrent.futures, hashlib, json, os, shutil, statistics, subprocess, sys, time


def read_plan(path):
    clips = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                c = json.loads(line)
                frames = c["frames"]
                stride = frames[1] - frames[0] if len(frames) > 1 else 1
                if stride <= 0 or any(b - a != stride for a, b in zip(frames, frames[1:])):
                    sys.exit(f"{path}:{n}: frames {frames} are not evenly spaced; this anchor times strided clips only")
                clips.append({"path": c["path"], "fps": float(c["fps"]), "width": int(c["width"]),
                              "height": int(c["height"]), "start": frames[0], "stride": stride, "count": len(frames)})
            except (ValueError, KeyError, IndexError, TypeError) as e:
                sys.exit(f"{path}:{n}: expected a JSON object with path, fps, width, height and frames ({e})")
    if not clips:
        sys.exit(f"{path}: no clips")
    return clips


def scaled(clip, size):  # output frame size: short side = size, long side keeps the aspect ratio, even (ffmpeg's -2)
    w, h = clip["width"], clip["height"]
    half_up = lambda x: int(x + 0.5)  # av_rescale rounds halves away from zero
    if w >= h:
        return 2 * half_up(w * size / h / 2), size
    return size, 2 * half_up(h * size / w / 2)


def command(ffmpeg, clip, size, seek=True):
    start, stride = clip["start"], clip["stride"]
    scale = f"scale=w='if(gte(iw,ih),-2,{size})':h='if(gte(iw,ih),{size},-2)':flags=bilinear"
    if seek:
        # accurate input seek: frames with a timestamp before (start - 1/2) / fps are decoded and dropped
        pre = ["-ss", f"{(start - 0.5) / clip['fps']:.6f}"] if start > 0 else []
        select = f"select=not(mod(n\\,{stride}))"
    else:  # reference: decode from the first frame and pick frame numbers
        pre = []
        select = f"select=gte(n\\,{start})*not(mod(n-{start}\\,{stride}))"
    return ([ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-threads", "1"] + pre
            + ["-i", clip["path"], "-filter_threads", "1", "-vf", f"{select},{scale}", "-frames:v", str(clip["count"]),
               "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])


def decode(ffmpeg, clip, size, seek=True, digest=False):  # -> (seconds, md5 or None); exits on any failure
    t0 = time.perf_counter()
    p = subprocess.Popen(command(ffmpeg, clip, size, seek), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    md5, n = hashlib.md5() if digest else None, 0
    while True:
        chunk = p.stdout.read(1 << 20)
        if not chunk:
            break
        n += len(chunk)
        if md5:
            md5.update(chunk)
    err = p.stderr.read().decode(errors="replace").strip()
    rc = p.wait()
    seconds = time.perf_counter() - t0
    w, h = scaled(clip, size)
    expected = clip["count"] * w * h * 3
    if rc != 0 or n != expected:
        sys.exit(f"ffmpeg_clips: {clip['path']} frames {clip['start']}+{clip['stride']}k: exit code {rc}, {n} bytes "
                 f"(expected {clip['count']} frames of {w}x{h} RGB = {expected}); {err[-300:]}")
    return seconds, md5.hexdigest() if md5 else None


def version(ffmpeg):
    out = subprocess.run([ffmpeg, "-version"], capture_output=True, text=True, check=True).stdout
    return out.split()[2] if out.startswith("ffmpeg version") else "?"


def startup_ms(ffmpeg, runs=7):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([ffmpeg, "-version"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--plan", required=True, help="JSON lines from trainer.jar dataset bench --plan")
    p.add_argument("--processes", type=int, default=1, help="ffmpeg processes at a time (default 1)")
    p.add_argument("--size", type=int, default=224, help="short side after scaling (default 224)")
    p.add_argument("--warmup", type=int, default=2, help="clips decoded before timing, not counted (default 2)")
    p.add_argument("--ffmpeg", default="ffmpeg", help="the ffmpeg binary (default: ffmpeg on the PATH)")
    p.add_argument("--json", action="store_true", help="print one final JSON line")
    a = p.parse_args()
    if a.processes < 1 or a.size < 1 or a.warmup < 0:
        sys.exit("ffmpeg_clips: --processes and --size must be positive, --warmup not negative")
    if shutil.which(a.ffmpeg) is None:
        sys.exit(f"ffmpeg_clips: '{a.ffmpeg}' not found (Debian: apt-get install ffmpeg)")
    clips = read_plan(a.plan)

    for clip in clips[:2]:  # the seek lands on the planned frames
        seek, ref = decode(a.ffmpeg, clip, a.size, True, True)[1], decode(a.ffmpeg, clip, a.size, False, True)[1]
        if seek != ref:
            sys.exit(f"ffmpeg_clips: {clip['path']}: seeking to frame {clip['start']} gives other frames than "
                     "decoding from the start; the anchor would not decode the planned frames")
    for clip in clips[:a.warmup]:
        decode(a.ffmpeg, clip, a.size)
    start_ms = startup_ms(a.ffmpeg)

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(a.processes) as pool:
        per_clip = list(pool.map(lambda c: decode(a.ffmpeg, c, a.size)[0], clips))
    seconds = time.perf_counter() - t0
    result = {"tool": "ffmpeg", "processes": a.processes, "clips": len(clips), "seconds": round(seconds, 3),
              "clips_per_s": round(len(clips) / seconds, 3), "startup_ms": round(start_ms, 1),
              "clip_median_ms": round(statistics.median(per_clip) * 1e3, 1), "size": a.size,
              "ffmpeg": version(a.ffmpeg), "threads_per_process": 1, "load_average": os.getloadavg()[0]}
    print(f"ffmpeg CLI: {len(clips)} clips with {a.processes} process(es) at a time: {seconds:.2f} s, "
          f"{len(clips) / seconds:.2f} clips/s (process start {start_ms:.0f} ms per clip)")
    if a.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
