# Tubelet — the two commands: `make run` and `make test`.
# Every target installs what it needs on a fresh Debian machine that has only Java 17 and Maven.

SHELL := /bin/bash
MVN   ?= mvn -B -ntp
JAR   := trainer/target/trainer.jar
JAVA  ?= java
# Native-library settings that make ND4J fast (see docs/PERFORMANCE notes in README).
export OMP_WAIT_POLICY ?= PASSIVE
export OPENBLAS_THREAD_TIMEOUT ?= 17

.PHONY: check-ffmpeg check-malloc build test test-fast run demo pretrain-demo bench fuzz kills soak clean check-tools completion \
	doctor notebooks notebooks-kernel notebooks-tools notebooks-update notebooks-kernel-check spark bench-djl

check-tools:
	@command -v $(JAVA) >/dev/null || { echo "Java 17 is required (apt-get install openjdk-17-jdk-headless)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)"; exit 1; }

# The ffmpeg program: FfmpegCliAgreementTest compares decoded frames with its output.
check-ffmpeg:
	@command -v ffmpeg >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ffmpeg >/dev/null; } \
		|| { echo "the ffmpeg program is required by the tests (apt-get install ffmpeg)"; exit 1; }

# tcmalloc, which the launcher preloads where it is installed (engine's Malloc: about a quarter less resident memory
# than glibc's allocator in training). Optional: installed when apt-get and root are at hand, else a note.
check-malloc:
	@ls /usr/lib/*/libtcmalloc_minimal.so.4 /usr/lib64/libtcmalloc_minimal.so.4 2>/dev/null | grep -q . \
		|| { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && { $(APT_INSTALL) libtcmalloc-minimal4 \
			|| { apt-get update -q >/dev/null 2>&1 && $(APT_INSTALL) libtcmalloc-minimal4; }; }; } \
		|| echo "note: tcmalloc is not installed (apt-get install libtcmalloc-minimal4): Tubelet runs with glibc's \
allocator and uses more memory"
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends >/dev/null 2>&1

# check-tools is order-only: the jar is rebuilt when a source changes, not on every make.
$(JAR): $(shell find pom.xml engine/pom.xml trainer/pom.xml datasets/pom.xml engine/src/main trainer/src/main \
		datasets/src/main recipes configs -type f 2>/dev/null) | check-tools check-malloc
	$(MVN) -q -DskipTests package -pl trainer -am

# Data-parallel training on Spark (README, "More than one machine"): spark/target/tubelet-spark.jar and Spark's jars
# in spark/target/lib/.
SPARK_JAR := spark/target/tubelet-spark.jar
$(SPARK_JAR): $(JAR) $(shell find spark/pom.xml spark/src/main -type f 2>/dev/null)
	$(MVN) -q -DskipTests package -pl spark -am

spark: $(SPARK_JAR)

# PyTorch 2.7 through DJL, make bench's second anchor (bench-djl/: classes and its run-time class path in target/lib).
BENCH_DJL := bench-djl/target/classes/org/tubelet/benchdjl/DjlBench.class
$(BENCH_DJL): $(shell find bench-djl/pom.xml bench-djl/src/main -type f 2>/dev/null) | check-tools
	$(MVN) -q -DskipTests package -pl bench-djl -am

bench-djl: $(BENCH_DJL)

build: $(JAR)

test: check-tools check-ffmpeg check-malloc
	$(MVN) test

# Everything but the tests tagged @Tag("slow") (training runs, CLI end-to-end runs, kill/resume, learn tests).
test-fast: check-tools check-ffmpeg check-malloc
	$(MVN) test -DexcludedGroups=slow

# The main job: train the quickstart recipe (a tiny ViViT on a generated motion dataset), evaluate it (multi-view),
# export it as an HF folder and run it once through `forward`-compatible loading. Prints where everything is.
RUN_DIR := runs/quickstart
run: $(JAR)
	$(JAVA) -jar $(JAR) --recipe recipes/quickstart.yaml
	$(JAVA) -jar $(JAR) eval --recipe recipes/quickstart.yaml --checkpoint $(RUN_DIR)
	$(JAVA) -jar $(JAR) export --checkpoint $(RUN_DIR) --format hf --out $(RUN_DIR)/export/hf
	@echo "Run folder: $(RUN_DIR) (metrics.csv, loss/accuracy/lr plots, confusion.csv, checkpoints/)"
	@echo "HF export:  $(RUN_DIR)/export/hf (config.json, model.safetensors, preprocessor_config.json)"

demo: $(JAR)
	$(JAVA) -jar $(JAR) demo

# VideoMAE pretraining helps when labels are few: pretrain on unlabelled generated videos, fine-tune with k labelled
# videos per class against the same model from scratch, 3 seeds; prints the table (runs/pretrain-demo/results.md).
pretrain-demo: $(JAR)
	$(JAVA) -jar $(JAR) pretrain-demo

bench: $(JAR) $(BENCH_DJL)
	bash bench/run.sh

# bash/zsh completion for an alias "trainer" of java -jar trainer.jar (README: Shell completion).
completion: $(JAR)
	$(JAVA) -jar $(JAR) completion > trainer/target/trainer_completion.bash
	@echo "Wrote trainer/target/trainer_completion.bash: alias trainer='java -jar $(CURDIR)/$(JAR)'; source trainer/target/trainer_completion.bash"

# What a bug report needs and what decides speed (versions, native builds, OpenBLAS core, threads, FFmpeg, memory).
doctor: $(JAR)
	$(JAVA) -jar $(JAR) doctor

# Fuzzes every reader of outside input (Jazzer) for FUZZ_SECONDS each; `make test` only replays the committed corpus.
FUZZ_SECONDS ?= 600
fuzz: check-tools
	FUZZ_SECONDS=$(FUZZ_SECONDS) MVN="$(MVN)" bash bench/fuzz.sh

# Kills a tiny training run KILLS times at random moments, resumes it each time, checks it ends as an uninterrupted run.
KILLS ?= 20
kills: check-tools
	KILLS=$(KILLS) MVN="$(MVN)" bash bench/kills.sh

# A 10,000-step run of the tiny model: resident memory growth after warm-up, metrics and checkpoints consistent.
SOAK_STEPS ?= 10000
soak: $(JAR)
	SOAK_STEPS=$(SOAK_STEPS) bash bench/soak.sh

clean:
	$(MVN) -q clean
	rm -rf runs notebooks/runs notebooks/data

# ---- Notebooks: notebooks/*.ipynb run on a Java Jupyter kernel (rapaio-jupyter-kernel) with trainer.jar on its
# class path. `make notebooks` installs what it needs (apt as root: jupyter-nbconvert and python3-nbclient; the kernel
# jar through Maven), writes the kernel spec into target/jupyter (JUPYTER_PATH; nothing user-wide) and executes every
# notebook headless, in file order (02 and 03 use what 01 exports), into target/notebooks/; any cell error fails it.
# `make notebooks-update` then copies the executed notebooks, outputs and pictures included, over the committed ones.
#
# The kernel's start-up race is fixed by a patched class, not by retries: rapaio-jupyter-kernel 3.0.1's LoopThread
# sets its `running` flag after starting the thread, so a loop thread that runs first ends at once and the kernel
# never answers (about one start in three here). notebooks/kernel/LoopThread.java (why, in its header) is compiled
# against the jar and put before it on the kernel's class path; so is notebooks/kernel/logging.properties (warnings
# only). The start-up timeout below only turns a hang that should no longer happen into a failure.
RJK_VERSION      := 3.0.1
RJK_ARTIFACT     := io.github.padreati:rapaio-jupyter-kernel:$(RJK_VERSION)
DEPENDENCY_PLUGIN := org.apache.maven.plugins:maven-dependency-plugin:3.6.1
KERNEL_HOME      := $(CURDIR)/target/jupyter
KERNEL_JAR       := $(KERNEL_HOME)/lib/rapaio-jupyter-kernel-$(RJK_VERSION).jar
KERNEL_PATCH     := $(KERNEL_HOME)/patch
KERNEL_SPEC      := $(KERNEL_HOME)/kernels/tubelet-java/kernel.json
NBCONVERT        ?= jupyter-nbconvert
NOTEBOOK_TIMEOUT ?= 300
NOTEBOOK_OUT     := target/notebooks
NOTEBOOKS        := $(sort $(wildcard notebooks/*.ipynb))
# Tubelet's jars for the kernel's JShell, ';'-separated (RJK_CLASSPATH; the kernel spec's env passes it through).
export RJK_CLASSPATH ?= $(abspath $(JAR))
export JUPYTER_PATH := $(KERNEL_HOME)
export JUPYTER_RUNTIME_DIR := $(KERNEL_HOME)/runtime

notebooks-kernel: notebooks-tools $(KERNEL_SPEC)

# Debian's nbconvert and nbclient (apt, as root); nothing when they are there.
notebooks-tools:
	@command -v $(NBCONVERT) >/dev/null 2>&1 || { \
	  [ "$$(id -u)" = 0 ] || { echo "jupyter-nbconvert is missing: run as root, or: sudo apt-get install jupyter-nbconvert python3-nbclient"; exit 1; }; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    jupyter-nbconvert python3-nbclient; }

$(KERNEL_JAR): | check-tools
	$(MVN) -q -N $(DEPENDENCY_PLUGIN):copy -Dartifact=$(RJK_ARTIFACT) -DoutputDirectory=$(dir $@)

$(KERNEL_PATCH)/org/rapaio/jupyter/kernel/channels/LoopThread.class: notebooks/kernel/LoopThread.java \
		notebooks/kernel/logging.properties $(KERNEL_JAR)
	javac --release 17 -cp $(KERNEL_JAR) -d $(KERNEL_PATCH) $<
	cp notebooks/kernel/logging.properties $(KERNEL_PATCH)/

$(KERNEL_SPEC): $(KERNEL_PATCH)/org/rapaio/jupyter/kernel/channels/LoopThread.class Makefile
	@mkdir -p $(dir $@)
	@printf '%s\n' '{' \
	  '  "argv": ["$(JAVA)", "-Djava.awt.headless=true", "-Dtubelet.log.level=WARN", "--add-modules=jdk.incubator.vector", "-cp", "$(KERNEL_PATCH):$(KERNEL_JAR)",' \
	  '           "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"],' \
	  '  "display_name": "Java (Tubelet)", "language": "java", "interrupt_mode": "message",' \
	  '  "env": {"RJK_CLASSPATH": "$${RJK_CLASSPATH}", "RJK_COMPILER_OPTIONS": "", "RJK_INIT_SCRIPT": "",' \
	  '          "RJK_TIMEOUT_MILLIS": "-1", "RJK_MIMA_CACHE": "$(KERNEL_HOME)/mima_cache",' \
	  '          "OMP_WAIT_POLICY": "PASSIVE", "OPENBLAS_THREAD_TIMEOUT": "17"}' \
	  '}' > $@
	@echo "kernel spec: $@"

notebooks: $(JAR) notebooks-kernel
	rm -rf $(NOTEBOOK_OUT)/*.ipynb notebooks/runs notebooks/data
	@for nb in $(NOTEBOOKS); do \
	  echo "executing $$nb"; start=$$(date +%s); \
	  timeout $(NOTEBOOK_TIMEOUT) $(NBCONVERT) --to notebook --execute \
	    --ExecutePreprocessor.kernel_name=tubelet-java --ExecutePreprocessor.startup_timeout=60 \
	    --ExecutePreprocessor.timeout=$(NOTEBOOK_TIMEOUT) --output-dir=$(NOTEBOOK_OUT) $$nb \
	    || { echo "$$nb failed (a cell error, or over $(NOTEBOOK_TIMEOUT) s)"; exit 1; }; \
	  echo "$$nb: $$(( $$(date +%s) - start )) s"; \
	done
	@echo "notebooks: $(words $(NOTEBOOKS)) passed, 0 failed"

# Starts the kernel STARTS times in a row (one cell each) and fails if a start-up hangs: the race's regression check.
STARTS ?= 40
notebooks-kernel-check: notebooks-kernel
	/usr/bin/python3 notebooks/kernel/startups.py $(STARTS) 30

notebooks-update:
	@ls $(NOTEBOOK_OUT)/*.ipynb >/dev/null 2>&1 || { echo "run make notebooks first"; exit 1; }
	cp $(NOTEBOOK_OUT)/*.ipynb notebooks/
