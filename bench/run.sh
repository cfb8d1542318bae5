#!/usr/bin/env bash
# make bench: Tubelet (SameDiff) against two PyTorch anchors on the same workloads, on this machine, in the same run:
# PyTorch 1.13 (Debian's python3-torch, bench/torch_*.py) and PyTorch 2.7.1 driven from Java through DJL (bench-djl/,
# the same reference models exported as TorchScript by bench/export_torchscript.py). For every workload REPS
# repetitions alternating the three programs (the order reverses every repetition), each run in a fresh process; keeps each run's last JSON line in $BENCH_OUT, then bench/report.py writes the medians into
# BENCHMARKS.md between <!-- bench:begin --> and <!-- bench:end --> (hand-written text around them is kept; the
# sections of workloads not run this time are kept as they were).
# The workload "loader" times the data loader instead (no PyTorch needed): Tubelet's `dataset bench` with 1 and 2
# workers against the ffmpeg CLI (bench/ffmpeg_clips.py) with 1 and 2 processes, decoding the same frames of the same
# generated 320p H.264 videos (LOADER_ROOT, generated on first use).
# The workload "inference" times classifying a folder of clips: `trainer.jar eval` (bench/inference.yaml: a bench-s
# VideoMAE classifier, one centred view of each of 160 generated labelled videos, batch 8, 1 loader worker) against
# PyTorch 1.13 doing the same with PyAV, a DataLoader and its faster forward mode (bench/torch_inference.py), and
# PyTorch 2.7 through DJL classifying the same clips from Tubelet's loader (bench-djl's DjlInference); views/s.
# "inference_b" does the same at base size (bench/inference-b.yaml: VideoMAE-B, 16 frames at stride 4, short side and
# crop 224, 16 videos, batch 4).
#
# Workloads: "bench-s" (vivit, timesformer, videomae_cls, videomae_pretrain; batch BATCH) and "bench-b", the
# base-model sizes (ViT-B: hidden 768, 12 layers, 12 heads, 224², 16 frames, tubelet 2×16×16 = 1,568 tokens;
# TimeSformer-B at 8 frames): vivit_bN, timesformer_bN, videomae_cls_bN, videomae_pretrain_bN with N the batch.
#
# Usage, from anywhere (works in the repo root), after `make build` and `make bench-djl` (or just `make bench`, which builds both):
#   bash bench/run.sh [--torch-only]
# Environment:
#   REPS=3                 repetitions per program and workload
#   BENCH_ONLY=vivit,timesformer,videomae_cls,videomae_pretrain,loader,vivit_b1,vivit_b2,timesformer_b1,
#              timesformer_b2,videomae_cls_b1,videomae_cls_b2,videomae_pretrain_b1,videomae_pretrain_b2,inference,
#              inference_b (a subset, comma-separated; the default is all of them)
#   THREADS=2 BATCH=4 STEPS=5 WARMUP=10   (WARMUP: PyTorch's warm-up steps, both anchors; the Java bench warms up
#                          until the JIT compilers are quiet, `--warmup auto`, which takes 10-60 steps)
#   STEPS_B=3 WARMUP_B=2   bench-b's measured and warm-up steps (all three programs: its steps take seconds)
#   JAVA_OPTS_B="-Dorg.bytedeco.javacpp.maxbytes=21g -Dorg.bytedeco.javacpp.maxphysicalbytes=23g"   Tubelet's native
#                          memory limit for bench-b (JavaCPP's default, the heap limit, is a quarter of the RAM)
#   DJL=1                  0: leave out the PyTorch 2.7 (DJL) anchor
#   ISA=native             avx2: time the model workloads (default: bench-s) as on a processor with AVX2 and FMA
#                          but no AVX-512, on a machine that has it (the AVX2 path; sections of their own): Tubelet
#                          with -XX:UseAVX=2, which its native choices follow (its kernels' Vector API at 256 bits,
#                          ND4J's AVX2 build and the OpenBLAS core of such a processor: Zen on AMD, Haswell on Intel);
#                          PyTorch 1.13 with the OpenBLAS core Tubelet's doctor names under -XX:UseAVX=2,
#                          ATEN_CPU_CAPABILITY=avx2 and oneDNN held to AVX2
#                          (DNNL_MAX_CPU_ISA, ONEDNN_MAX_CPU_ISA); PyTorch 2.7 the same, MKL too
#                          (MKL_ENABLE_INSTRUCTIONS)
#   TORCH_PRELOAD=         a library to preload into both PyTorch anchors (e.g. /usr/lib/x86_64-linux-gnu/
#                          libtcmalloc_minimal.so.4, the allocator Tubelet's launcher preloads); default: none, as
#                          PyTorch's users run it (BENCHMARKS.md, "The C allocator", has both measured)
#   LOADER_ROOT=data/generated/loader-bench LOADER_CLIPS=128 LOADER_BATCH=4   (the loader workload)
#   BENCH_OUT=bench-out    raw results and logs;  BENCH_REPORT=BENCHMARKS.md;  BENCH_TIMEOUT=1800 s per run
#   JAVA=java FFMPEG=ffmpeg
set -euo pipefail

# Java presets (configs/), one per workload.
PRESET_VIVIT=configs/bench-s.yaml
PRESET_TIMESFORMER=configs/bench-s-timesformer.yaml
PRESET_VIDEOMAE_CLS=configs/bench-s-videomae.yaml
PRESET_VIDEOMAE_PRETRAIN=configs/bench-s-videomae-pretrain.yaml
PRESET_VIVIT_B=configs/bench-b.yaml
PRESET_TIMESFORMER_B=configs/bench-b-timesformer.yaml
PRESET_VIDEOMAE_CLS_B=configs/bench-b-videomae.yaml
PRESET_VIDEOMAE_PRETRAIN_B=configs/bench-b-videomae-pretrain.yaml
DJL_CP="bench-djl/target/classes:bench-djl/target/lib/*"
JAR=trainer/target/trainer.jar
PYTHON=/usr/bin/python3

REPS=${REPS:-3}
BENCH_B=vivit_b1,vivit_b2,timesformer_b1,timesformer_b2,videomae_cls_b1,videomae_cls_b2,videomae_pretrain_b1
BENCH_B=$BENCH_B,videomae_pretrain_b2,inference_b
ISA=${ISA:-native}
if [ "$ISA" = native ]; then
    BENCH_ONLY=${BENCH_ONLY:-vivit,timesformer,videomae_cls,videomae_pretrain,loader,inference,$BENCH_B}
else   # another instruction set: the bench-s models unless told otherwise
    BENCH_ONLY=${BENCH_ONLY:-vivit,timesformer,videomae_cls,videomae_pretrain}
fi
THREADS=${THREADS:-2}
BATCH=${BATCH:-4}
STEPS=${STEPS:-5}
WARMUP=${WARMUP:-10}
STEPS_B=${STEPS_B:-3}
WARMUP_B=${WARMUP_B:-2}
JAVA_OPTS_B=${JAVA_OPTS_B:--Dorg.bytedeco.javacpp.maxbytes=21g -Dorg.bytedeco.javacpp.maxphysicalbytes=23g}
DJL=${DJL:-1}
BENCH_OUT=${BENCH_OUT:-bench-out}
BENCH_REPORT=${BENCH_REPORT:-BENCHMARKS.md}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-1800}
JAVA=${JAVA:-java}
FFMPEG=${FFMPEG:-ffmpeg}
LOADER_ROOT=${LOADER_ROOT:-data/generated/loader-bench}
LOADER_CLIPS=${LOADER_CLIPS:-128}
LOADER_BATCH=${LOADER_BATCH:-4}
LOADER_WORKERS=(1 2)   # Tubelet loader workers and ffmpeg processes at a time

TORCH_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --torch-only) TORCH_ONLY=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "bench: unknown argument '$arg' (only --torch-only)" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.."

# The same "bench-s" sizes for PyTorch: 112², 8 frames, patch 16 (ViViT tubelet 2×16×16, VideoMAE tubelet 2),
# hidden 384, 12 layers, 6 heads, MLP 1536, 10 classes; VideoMAE decoder 192 / 4 layers / 3 heads / MLP 768.
# "bench-b": ViT-B (hidden 768, 12 layers, 12 heads, MLP 3072), 224², 16 frames (TimeSformer 8), 400 classes;
# VideoMAE-B's decoder 384 / 4 layers / 6 heads / MLP 1536 (configs/bench-b*.yaml).
SIZES="--image 112 --frames 8 --hidden 384 --layers 12 --heads 6 --mlp 1536 --classes 10"
SIZES_B="--image 224 --hidden 768 --layers 12 --heads 12 --mlp 3072 --classes 400"
is_b() { [[ "$1" =~ _b[0-9]+$ ]]; }
batch_of() { if is_b "$1"; then echo "${1##*_b}"; else echo "$BATCH"; fi; }
steps_of() { if is_b "$1"; then echo "$STEPS_B"; else echo "$STEPS"; fi; }
warmup_of() { if is_b "$1"; then echo "$WARMUP_B"; else echo "$WARMUP"; fi; }
torch_args() {   # the PyTorch 1.13 reference's command line (also what export_torchscript.py exports for DJL)
    local common="--batch $(batch_of "$1") --threads $THREADS --warmup $(warmup_of "$1") --steps $(steps_of "$1") --json"
    case "$1" in
        vivit) echo "bench/torch_vivit.py $SIZES --tubelet 2 16 16 $common" ;;
        timesformer) echo "bench/torch_models.py --model timesformer $SIZES --patch 16 $common" ;;
        videomae_cls) echo "bench/torch_models.py --model videomae_cls $SIZES --patch 16 --tubelet 2 $common" ;;
        videomae_pretrain) echo "bench/torch_models.py --model videomae_pretrain $SIZES --patch 16 --tubelet 2" \
            "--mask-ratio 0.9 --decoder-hidden 192 --decoder-layers 4 --decoder-heads 3 --decoder-mlp 768 $common" ;;
        vivit_b*) echo "bench/torch_vivit.py $SIZES_B --frames 16 --tubelet 2 16 16 $common" ;;
        timesformer_b*) echo "bench/torch_models.py --model timesformer $SIZES_B --frames 8 --patch 16 $common" ;;
        videomae_cls_b*) echo "bench/torch_models.py --model videomae_cls $SIZES_B --frames 16 --patch 16 --tubelet 2" \
            "$common" ;;
        videomae_pretrain_b*) echo "bench/torch_models.py --model videomae_pretrain $SIZES_B --frames 16 --patch 16" \
            "--tubelet 2 --mask-ratio 0.9 --decoder-hidden 384 --decoder-layers 4 --decoder-heads 6 --decoder-mlp 1536" \
            "$common" ;;
    esac
}
preset() {
    case "$1" in
        vivit) echo "$PRESET_VIVIT" ;;
        timesformer) echo "$PRESET_TIMESFORMER" ;;
        videomae_cls) echo "$PRESET_VIDEOMAE_CLS" ;;
        videomae_pretrain) echo "$PRESET_VIDEOMAE_PRETRAIN" ;;
    esac
    if is_b "$1"; then
        case "${1%_b*}" in
            vivit) echo "$PRESET_VIVIT_B" ;;
            timesformer) echo "$PRESET_TIMESFORMER_B" ;;
            videomae_cls) echo "$PRESET_VIDEOMAE_CLS_B" ;;
            videomae_pretrain) echo "$PRESET_VIDEOMAE_PRETRAIN_B" ;;
        esac
    fi
}
java_args() {   # Tubelet's bench arguments after the jar
    if is_b "$1"; then
        echo "bench --config $(preset "$1") --batch $(batch_of "$1") --warmup $WARMUP_B --steps $STEPS_B --json"
    else
        echo "bench --config $(preset "$1") --batch $BATCH --steps $STEPS --json"
    fi
}
java_opts() { if is_b "$1"; then echo "$JAVA_OPTS_B"; fi; }

# The inference workloads: eval of the checkpoint the preparation trained, against PyTorch on the same videos and
# sizes. inference: a VideoMAE bench-s classifier with 8 classes, 8 frames at stride 2, short side 128, crop 112, batch
# 8; inference_b: VideoMAE-B with 8 classes, 16 frames at stride 4, short side and crop 224, batch 4 (VideoMAE's
# Kinetics view). Both with 1 loader worker. The anchors time their two forward modes first (to run the faster); at
# base size with 1 measured call each, as one call takes 40-60 s there.
declare -A INFERENCE_RECIPE=([inference]=bench/inference.yaml [inference_b]=bench/inference-b.yaml)
declare -A INFERENCE_ROOT=(   # each recipe's data.root: its videos, generated on first use
    [inference]=data/generated/inference-bench [inference_b]=data/generated/inference-bench-b)
declare -A INFERENCE_VIEW=(   # the view's frame step and short side, for the anchors (the recipe's sampler, processor)
    [inference]="--stride 2 --short-side 128" [inference_b]="--stride 4 --short-side 224")
declare -A INFERENCE_MODEL=(  # the model in bench/torch_models.py's options (also DJL's export), its mode timing
    [inference]="--model videomae_cls $SIZES --classes 8 --patch 16 --tubelet 2 --batch 8 --threads $THREADS --steps 3"
    [inference_b]="--model videomae_cls $SIZES_B --frames 16 --classes 8 --patch 16 --tubelet 2 --batch 4 \
--threads $THREADS --steps 1")
declare -A INFERENCE_DJL_CALLS=([inference]="--warmup 3 --steps 3" [inference_b]="--warmup 0 --steps 1")
is_inference() { [ -n "$1" ] && [ -n "${INFERENCE_RECIPE[$1]+set}" ]; }
IFS=, read -r -a WORKLOADS <<< "$BENCH_ONLY"
MODEL_WORKLOADS=0
LOADER=0
INFERENCE=0   # how many inference workloads
for w in "${WORKLOADS[@]}"; do
    if [ "$w" = loader ]; then
        LOADER=1
    elif is_inference "$w"; then
        INFERENCE=$((INFERENCE + 1))
    elif [ -n "$(preset "$w")" ]; then
        MODEL_WORKLOADS=$((MODEL_WORKLOADS + 1))
    else
        echo "bench: unknown workload '$w' in BENCH_ONLY (known: vivit, timesformer, videomae_cls," \
             "videomae_pretrain, loader, inference, and bench-b's vivit_bN, timesformer_bN, videomae_cls_bN," \
             "videomae_pretrain_bN with N the batch, inference_b)" >&2
        exit 2
    fi
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: REPS must be a positive integer, got '$REPS'" >&2; exit 2; }
[[ "$LOADER_CLIPS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: LOADER_CLIPS must be a positive integer" >&2; exit 2; }
if [ "$LOADER" = 1 ] && [ "$TORCH_ONLY" = 1 ]; then
    echo "bench: --torch-only: skipping the loader workload (it times Tubelet's loader; its section is kept)" >&2
    LOADER=0
    WORKLOADS=("${WORKLOADS[@]/#loader/}")
    [ "$MODEL_WORKLOADS" -gt 0 ] || [ "$INFERENCE" -gt 0 ] || { echo "bench: nothing to run" >&2; exit 0; }
fi
if [ "$INFERENCE" -gt 0 ] && [ "$TORCH_ONLY" = 1 ]; then
    echo "bench: --torch-only: skipping the inference workloads (their data and model come from the jar)" >&2
    INFERENCE=0
    for i in "${!WORKLOADS[@]}"; do
        if is_inference "${WORKLOADS[$i]}"; then WORKLOADS[$i]=""; fi
    done
    [ "$MODEL_WORKLOADS" -gt 0 ] || { echo "bench: nothing to run" >&2; exit 0; }
fi
TORCH_WORKLOADS=$((MODEL_WORKLOADS + INFERENCE))   # the workloads that need PyTorch 1.13

# --- ffmpeg CLI (Debian package ffmpeg): the loader workload's anchor
FFMPEG_OK=0
if [ "$LOADER" = 1 ]; then
    if ! command -v "$FFMPEG" >/dev/null; then
        if [ "$(id -u)" -eq 0 ]; then
            echo "bench: installing ffmpeg (Debian package) for the loader workload's anchor"
            apt-get update
            DEBIAN_FRONTEND=noninteractive apt-get install -y ffmpeg
        else
            echo "bench: the ffmpeg CLI is missing and this is not root, so nothing is installed; as root run:" \
                 "apt-get install ffmpeg" >&2
        fi
    fi
    if command -v "$FFMPEG" >/dev/null; then
        FFMPEG_OK=1
    else
        echo "bench: ffmpeg is not available: the loader workload runs the Tubelet side only (no ratios)" >&2
    fi
fi

# --- PyTorch: Debian's python3-torch with the pthread OpenBLAS (not needed by the loader workload), and PyAV
# (python3-av) for the inference workload's decoding
TORCH_PACKAGES=(python3-torch libopenblas0-pthread)
[ "$INFERENCE" = 0 ] || TORCH_PACKAGES+=(python3-av)
if [ "$TORCH_WORKLOADS" = 0 ]; then
    :
elif ! "$PYTHON" -c 'import torch' 2>/dev/null \
        || { [ "$INFERENCE" -gt 0 ] && ! "$PYTHON" -c 'import av' 2>/dev/null; } \
        || { command -v dpkg >/dev/null && ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; }; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "bench: installing ${TORCH_PACKAGES[*]} (Debian packages)"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y "${TORCH_PACKAGES[@]}"
    else
        echo "bench: one of ${TORCH_PACKAGES[*]} is missing and this is not root, so nothing is installed; as root" \
             "run: apt-get install ${TORCH_PACKAGES[*]}" >&2
    fi
fi
TORCH_OK=1
if [ "$TORCH_WORKLOADS" = 0 ]; then
    TORCH_OK=0
elif ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    TORCH_OK=0
    [ "$TORCH_ONLY" = 0 ] || { echo "bench: --torch-only but PyTorch cannot be imported by $PYTHON" >&2; exit 1; }
    echo "bench: PyTorch is not available: running the Tubelet side only (no ratios)" >&2
fi
AV_OK=0
if [ "$INFERENCE" -gt 0 ] && [ "$TORCH_OK" = 1 ]; then
    if "$PYTHON" -c 'import av' 2>/dev/null; then
        AV_OK=1
    else
        echo "bench: PyAV (python3-av) is missing: the inference workloads run the Tubelet side only" >&2
    fi
fi
# PyTorch 2.7 through DJL: bench-djl's classes and run-time class path (make bench-djl builds them); the TorchScript
# export needs PyTorch 1.13 above.
DJL_OK=0
if { [ "$MODEL_WORKLOADS" -gt 0 ] || [ "$INFERENCE" -gt 0 ]; } && [ "$DJL" = 1 ]; then
    if [ "$TORCH_OK" = 0 ]; then
        echo "bench: PyTorch 1.13 is missing, so nothing can be exported for the PyTorch 2.7 (DJL) anchor" >&2
    elif ! compgen -G "bench-djl/target/lib/pytorch-native-cpu-*.jar" >/dev/null \
            || [ ! -f bench-djl/target/classes/org/tubelet/benchdjl/DjlBench.class ] \
            || [ ! -f bench-djl/target/classes/org/tubelet/benchdjl/DjlInference.class ]; then
        echo "bench: bench-djl is not built (make bench-djl): running without the PyTorch 2.7 (DJL) anchor" >&2
    else
        DJL_OK=1
    fi
fi
REPORT_PY=$PYTHON
[ -x "$REPORT_PY" ] || REPORT_PY=python3

# --- Java: the built jar
if [ "$TORCH_ONLY" = 0 ] || [ "$LOADER" = 1 ] || [ "$INFERENCE" -gt 0 ]; then
    [ -f "$JAR" ] || { echo "bench: $JAR is missing: build it first (make build), or use --torch-only" >&2; exit 1; }
fi

# Environment of each program. PyTorch: OMP_WAIT_POLICY=PASSIVE (3× faster here), OpenBLAS core type left to
# OpenBLAS's own detection. Tubelet: the caller's environment (make exports OMP_WAIT_POLICY=PASSIVE) without any
# OPENBLAS_* variable, as a user runs it, plus OMP_NUM_THREADS; the launcher adds its own native-library settings
# (OPENBLAS_THREAD_TIMEOUT=17, the OpenBLAS core type it chooses for this processor and, where installed, tcmalloc
# preloaded; the bench JSON says which core OpenBLAS ran, which ND4J build and which C allocator).
TORCH_ENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE)
if [ -n "${TORCH_PRELOAD:-}" ]; then
    [ -r "$TORCH_PRELOAD" ] || { echo "bench: TORCH_PRELOAD=$TORCH_PRELOAD: no such library" >&2; exit 2; }
    TORCH_ENV+=(LD_PRELOAD="$TORCH_PRELOAD")
fi
JAVA_ENV=(env)
while IFS= read -r v; do
    if [[ "$v" == OPENBLAS_* ]]; then JAVA_ENV+=(-u "$v"); fi
done < <(compgen -e)
JAVA_ENV+=(OMP_NUM_THREADS="$THREADS")
DJL_ENV=("${TORCH_ENV[@]}")   # the same environment as PyTorch 1.13; DJL's own thread setting is --threads
DESCRIBED_VARS="OMP_WAIT_POLICY OMP_NUM_THREADS OPENBLAS_CORETYPE OPENBLAS_THREAD_TIMEOUT OPENBLAS_L2_SIZE \
OPENBLAS_NUM_THREADS MKL_NUM_THREADS JAVA_TOOL_OPTIONS LD_PRELOAD"
case "$ISA" in
    native) ;;
    avx2)   # this processor's AVX-512 hidden from all three programs (the variables each one's libraries read)
        for w in "${WORKLOADS[@]}"; do
            if [ "$w" = loader ] || is_inference "$w"; then
                echo "bench: ISA=avx2 times the models (bench-s, bench-b); leave '$w' out of BENCH_ONLY" >&2; exit 2
            fi
        done
        grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo \
            || { echo "bench: ISA=avx2 needs a processor with AVX2 and FMA" >&2; exit 2; }
        # Tubelet: -XX:UseAVX=2, which its native choices follow (Processor.local()): ND4J's AVX2 build, the OpenBLAS
        # core of a processor without AVX-512, the Vector API at 256 bits. PyTorch 1.13 gets the same OpenBLAS core,
        # read from Tubelet's doctor, so the rule that picks it lives in one place (OpenBlasCore).
        JAVA_ENV+=(JAVA_TOOL_OPTIONS=-XX:UseAVX=2)
        [ -f "$JAR" ] || { echo "bench: ISA=avx2 reads the OpenBLAS core from $JAR's doctor: build it first" >&2; exit 1; }
        AVX2_CORE=$("${JAVA_ENV[@]}" java -jar "$JAR" doctor --json 2>/dev/null \
            | "$REPORT_PY" -c 'import json, sys; print(json.load(sys.stdin)["openblas"]["core"] or "")' 2>/dev/null)
        [[ "$AVX2_CORE" =~ ^[A-Za-z0-9]+$ ]] \
            || { echo "bench: ISA=avx2: '$JAR doctor --json' named no OpenBLAS core ('$AVX2_CORE')" >&2; exit 1; }
        echo "bench: ISA=avx2: OpenBLAS core $AVX2_CORE (Tubelet's choice under -XX:UseAVX=2) for Tubelet and PyTorch 1.13"
        TORCH_ENV+=(OPENBLAS_CORETYPE="$AVX2_CORE" ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2
                    ONEDNN_MAX_CPU_ISA=AVX2)
        DJL_ENV+=(ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 DNNL_MAX_CPU_ISA=AVX2 ONEDNN_MAX_CPU_ISA=AVX2
                  JAVA_TOOL_OPTIONS=-XX:UseAVX=2)
        DESCRIBED_VARS+=" ATEN_CPU_CAPABILITY MKL_ENABLE_INSTRUCTIONS DNNL_MAX_CPU_ISA ONEDNN_MAX_CPU_ISA" ;;
    *) echo "bench: ISA=$ISA: expected native or avx2" >&2; exit 2 ;;
esac
describe_vars() {
    local v out=""
    for v in $DESCRIBED_VARS; do
        out+="$v=${!v-<unset>} "
    done
    echo "${out% }"
}
describe_env() { "$@" DESCRIBED_VARS="$DESCRIBED_VARS" bash -c "$(declare -f describe_vars); describe_vars"; }
quoted() { printf '%q ' "$@"; }   # words as the shell would read them back (a value with spaces stays one word)
TORCH_DESC="$(describe_env "${TORCH_ENV[@]}")"
if [ "$TORCH_OK" = 1 ]; then
    TORCH_DESC="torch $("$PYTHON" -c 'import torch; print(torch.__version__)'), BLAS $(readlink -f \
        /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo '?'), $THREADS threads; $TORCH_DESC"
fi
JAVA_DESC="$(describe_env "${JAVA_ENV[@]}")"
DJL_DESC="—"
if [ "$DJL_OK" = 1 ]; then
    DJL_DESC="PyTorch 2.7.1 (libtorch from ai.djl.pytorch:pytorch-native-cpu 2.7.1, DJL 0.36.0, offline) on \
$("$JAVA" -version 2>&1 | head -1), $THREADS intra-op threads; \
$(describe_env "${DJL_ENV[@]}")"
fi
if [ "$TORCH_ONLY" = 0 ]; then
    JAVA_DESC="$("$JAVA" -version 2>&1 | head -1); $JAVA_DESC (as passed to the launcher)"
fi

mkdir -p "$BENCH_OUT/logs"
LOADER_PLAN="$BENCH_OUT/loader.plan.jsonl"
djl_args() {   # DjlBench's arguments: the export of the workload's reference model, the reference's steps
    echo "--dir $BENCH_OUT/torchscript/$1 --threads $THREADS --warmup $(warmup_of "$1") --steps $(steps_of "$1") --json"
}
loader_java() {   # loader_java WORKERS [more options]: the Tubelet side of the loader workload
    local workers=$1
    shift
    echo "${JAVA_ENV[@]}" "$JAVA" -jar "$JAR" dataset bench --root "$LOADER_ROOT" --workers "$workers" \
        --batch "$LOADER_BATCH" --clips "$LOADER_CLIPS" --json "$@"
}
loader_ffmpeg() {   # loader_ffmpeg PROCESSES: the ffmpeg CLI anchor on the clips Tubelet decoded
    echo "$PYTHON" bench/ffmpeg_clips.py --plan "$LOADER_PLAN" --processes "$1" --ffmpeg "$FFMPEG" --json
}
inference_java() {
    echo "${JAVA_ENV[@]}" "$JAVA" -jar "$JAR" eval --recipe "${INFERENCE_RECIPE[$1]}" --checkpoint "$BENCH_OUT/$1-model" \
        --out "$BENCH_OUT/$1-eval" --json
}
inference_torch() {
    local root=${INFERENCE_ROOT[$1]}
    echo "${TORCH_ENV[@]}" "$PYTHON" bench/torch_inference.py --list "$root/val.txt" --root "$root" \
        --workers 1 ${INFERENCE_VIEW[$1]} ${INFERENCE_MODEL[$1]} --json
}
inference_djl_args() {   # PyTorch 2.7 (DJL) on the same clips, read by Tubelet's loader (DJL reads no video)
    echo "--dir $BENCH_OUT/torchscript/$1 --list ${INFERENCE_ROOT[$1]}/val.txt --workers 1 ${INFERENCE_VIEW[$1]}" \
        "--threads $THREADS ${INFERENCE_DJL_CALLS[$1]} --json"
}
run_inference_djl() {
    # shellcheck disable=SC2046
    run "$1" djl "$2" "${DJL_ENV[@]}" "$JAVA" -cp "$DJL_CP" org.tubelet.benchdjl.DjlInference $(inference_djl_args "$1")
}
for w in "${WORKLOADS[@]}"; do
    [ -n "$w" ] || continue
    rm -f "$BENCH_OUT/$w".*.jsonl "$BENCH_OUT/$w".*.cmd "$BENCH_OUT/logs/$w".*
    if [ "$w" = loader ]; then
        for n in "${LOADER_WORKERS[@]}"; do
            loader_java "$n" > "$BENCH_OUT/loader.tubelet-w$n.cmd"
            [ "$FFMPEG_OK" = 0 ] || loader_ffmpeg "$n" > "$BENCH_OUT/loader.ffmpeg-p$n.cmd"
        done
        continue
    elif is_inference "$w"; then
        inference_java "$w" > "$BENCH_OUT/$w.java.cmd"
        [ "$AV_OK" = 0 ] || inference_torch "$w" > "$BENCH_OUT/$w.torch.cmd"
        [ "$DJL_OK" = 0 ] || echo "$(quoted "${DJL_ENV[@]}")$JAVA -cp '$DJL_CP' org.tubelet.benchdjl.DjlInference" \
            "$(inference_djl_args "$w")" > "$BENCH_OUT/$w.djl.cmd"
        continue
    fi
    echo "$(quoted "${JAVA_ENV[@]}")$JAVA $(java_opts "$w") -jar $JAR $(java_args "$w")" | tr -s ' ' \
        > "$BENCH_OUT/$w.java.cmd"
    echo "$(quoted "${TORCH_ENV[@]}")$PYTHON $(torch_args "$w")" > "$BENCH_OUT/$w.torch.cmd"
    echo "$(quoted "${DJL_ENV[@]}")$JAVA -cp '$DJL_CP' org.tubelet.benchdjl.DjlBench $(djl_args "$w")" \
        > "$BENCH_OUT/$w.djl.cmd"
    [ "$TORCH_ONLY" = 0 ] || rm -f "$BENCH_OUT/$w.java.cmd"
    [ "$TORCH_OK" = 1 ] || rm -f "$BENCH_OUT/$w.torch.cmd"
    [ "$DJL_OK" = 1 ] || rm -f "$BENCH_OUT/$w.djl.cmd"
done
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
FAILED=0

# run WORKLOAD SIDE REP COMMAND...: one fresh process; appends its last JSON line (or a failure record)
run() {
    local w=$1 side=$2 rep=$3 rc=0 json
    shift 3
    local log="$BENCH_OUT/logs/$w.$side.$rep"
    echo "bench: [$rep/$REPS] $w $side ..."
    timeout "$BENCH_TIMEOUT" "$@" > "$log.out" 2> "$log.err" || rc=$?
    json="$(grep -E '^\{.*\}$' "$log.out" | tail -n 1 || true)"
    if [ "$rc" -ne 0 ] || [ -z "$json" ]; then
        FAILED=$((FAILED + 1))
        echo "bench: $w $side repetition $rep failed (exit code $rc, JSON line: ${json:-none}); end of $log.err:" >&2
        tail -n 5 "$log.err" >&2 || true
        echo "{\"failed\": true, \"rep\": $rep, \"rc\": $rc}" >> "$BENCH_OUT/$w.$side.jsonl"
    else
        echo "$json" >> "$BENCH_OUT/$w.$side.jsonl"
        echo "bench:   $json"
    fi
}
run_java() {
    # shellcheck disable=SC2046  # the argument lists are split into words on purpose
    run "$1" java "$2" "${JAVA_ENV[@]}" "$JAVA" $(java_opts "$1") -jar "$JAR" $(java_args "$1")
}
run_torch() {
    # shellcheck disable=SC2046
    run "$1" torch "$2" "${TORCH_ENV[@]}" "$PYTHON" $(torch_args "$1")
}
run_djl() {
    # shellcheck disable=SC2046
    run "$1" djl "$2" "${DJL_ENV[@]}" "$JAVA" -cp "$DJL_CP" org.tubelet.benchdjl.DjlBench $(djl_args "$1")
}
run_side() {   # run_side SIDE WORKLOAD REP: one program's run, if that program takes part
    case "$1" in
        java) [ "$TORCH_ONLY" = 1 ] || run_java "$2" "$3" ;;
        torch) [ "$TORCH_OK" = 0 ] || run_torch "$2" "$3" ;;
        djl) [ "$DJL_OK" = 0 ] || run_djl "$2" "$3" ;;
    esac
}
if [ "$DJL_OK" = 1 ]; then
    # Not timed: the reference models of PyTorch 1.13 traced to TorchScript for DJL (same definitions, seed, input).
    for w in "${WORKLOADS[@]}"; do
        [ -n "$w" ] && [ "$w" != loader ] || continue
        echo "bench: exporting $w as TorchScript for PyTorch 2.7 (DJL) ..."
        rm -rf "${BENCH_OUT:?}/torchscript/$w"   # a failed export must not leave an older one to be timed
        model_args="$(torch_args "$w")"
        ! is_inference "$w" || model_args="bench/torch_models.py ${INFERENCE_MODEL[$w]}"
        # shellcheck disable=SC2086
        if ! "${TORCH_ENV[@]}" "$PYTHON" bench/export_torchscript.py --out "$BENCH_OUT/torchscript/$w" \
                $model_args > "$BENCH_OUT/logs/$w.export.out" 2> "$BENCH_OUT/logs/$w.export.err"; then
            echo "bench: the TorchScript export of $w failed; end of $BENCH_OUT/logs/$w.export.err:" >&2
            tail -n 5 "$BENCH_OUT/logs/$w.export.err" >&2 || true
        fi
    done
fi
# One repetition of the loader workload: for 1 and 2, Tubelet then ffmpeg (ffmpeg first on even repetitions).
run_loader() {
    local rep=$1 n
    for n in "${LOADER_WORKERS[@]}"; do
        if [ $((rep % 2)) -eq 1 ]; then
            # shellcheck disable=SC2046  # the command line is split into words on purpose
            run loader "tubelet-w$n" "$rep" $(loader_java "$n")
            # shellcheck disable=SC2046
            [ "$FFMPEG_OK" = 0 ] || run loader "ffmpeg-p$n" "$rep" $(loader_ffmpeg "$n")
        else
            # shellcheck disable=SC2046
            [ "$FFMPEG_OK" = 0 ] || run loader "ffmpeg-p$n" "$rep" $(loader_ffmpeg "$n")
            # shellcheck disable=SC2046
            run loader "tubelet-w$n" "$rep" $(loader_java "$n")
        fi
    done
}
# One repetition of an inference workload: Tubelet, PyTorch 1.13, PyTorch 2.7 (reversed on even repetitions).
run_inference() {
    local w=$1 rep=$2
    # shellcheck disable=SC2046  # the command lines are split into words on purpose
    if [ $((rep % 2)) -eq 1 ]; then
        run "$w" java "$rep" $(inference_java "$w")
        [ "$AV_OK" = 0 ] || run "$w" torch "$rep" $(inference_torch "$w")
        [ "$DJL_OK" = 0 ] || run_inference_djl "$w" "$rep"
    else
        [ "$DJL_OK" = 0 ] || run_inference_djl "$w" "$rep"
        [ "$AV_OK" = 0 ] || run "$w" torch "$rep" $(inference_torch "$w")
        run "$w" java "$rep" $(inference_java "$w")
    fi
}
for w in "${WORKLOADS[@]}"; do
    is_inference "$w" || continue
    # Not recorded: generates the labelled videos on first use and trains the model one step, only to have a
    # checkpoint folder to evaluate (throughput does not depend on the weights); also warms the file cache.
    echo "bench: $w: preparing ${INFERENCE_ROOT[$w]} and the model $BENCH_OUT/$w-model ..."
    rm -rf "${BENCH_OUT:?}/$w-model"
    if ! timeout "$BENCH_TIMEOUT" "${JAVA_ENV[@]}" "$JAVA" -jar "$JAR" --recipe "${INFERENCE_RECIPE[$w]}" \
            --set "checkpoint.dir=$BENCH_OUT/$w-model" > "$BENCH_OUT/logs/$w.prepare.out" \
            2> "$BENCH_OUT/logs/$w.prepare.err"; then
        echo "bench: $w: the preparation run failed; end of $BENCH_OUT/logs/$w.prepare.err:" >&2
        tail -n 5 "$BENCH_OUT/logs/$w.prepare.err" >&2 || true
    fi
done
if [ "$LOADER" = 1 ]; then
    # Not recorded: generates the videos on first use, writes the plan of the clips every run decodes (the same
    # seed gives the same clips with any number of workers) and warms the file cache for both programs.
    echo "bench: loader: preparing $LOADER_ROOT and the clip plan $LOADER_PLAN ..."
    # shellcheck disable=SC2046
    if ! timeout "$BENCH_TIMEOUT" $(loader_java 1 --plan "$LOADER_PLAN") > "$BENCH_OUT/logs/loader.prepare.out" \
            2> "$BENCH_OUT/logs/loader.prepare.err"; then
        echo "bench: loader: the preparation run failed; end of $BENCH_OUT/logs/loader.prepare.err:" >&2
        tail -n 5 "$BENCH_OUT/logs/loader.prepare.err" >&2 || true
        FFMPEG_OK=0
    fi
fi

for rep in $(seq 1 "$REPS"); do
    for w in "${WORKLOADS[@]}"; do
        if [ -z "$w" ]; then
            continue
        elif [ "$w" = loader ]; then
            run_loader "$rep"
        elif is_inference "$w"; then
            run_inference "$w" "$rep"
        elif [ $((rep % 2)) -eq 1 ]; then   # Tubelet, PyTorch 1.13, PyTorch 2.7 on odd repetitions, reversed on even
            run_side java "$w" "$rep"; run_side torch "$w" "$rep"; run_side djl "$w" "$rep"
        else
            run_side djl "$w" "$rep"; run_side torch "$w" "$rep"; run_side java "$w" "$rep"
        fi
    done
done

RAN="$(IFS=,; echo "${WORKLOADS[*]}" | tr -s ',' | sed 's/^,//; s/,$//')"
REPORT_ARGS=(--results "$BENCH_OUT" --out "$BENCH_REPORT" --workloads "$RAN" --reps "$REPS" --batch "$BATCH"
             --java-env "$JAVA_DESC" --torch-env "$TORCH_DESC" --djl-env "$DJL_DESC" --load-start "$LOAD_START"
             --isa "$ISA")
[ "$TORCH_ONLY" = 0 ] || REPORT_ARGS+=(--torch-only)
"$REPORT_PY" bench/report.py "${REPORT_ARGS[@]}"
if [ "$FAILED" -gt 0 ]; then
    echo "bench: $FAILED run(s) failed; see $BENCH_OUT/logs (the report marks them)" >&2
    exit 1
fi
