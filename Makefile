# Tubelet — the two commands: `make run` and `make test`.
# Every target installs what it needs on a fresh Debian machine that has only Java 17 and Maven.

SHELL := /bin/bash
MVN   ?= mvn -B -ntp
JAR   := trainer/target/trainer.jar
JAVA  ?= java
# Native-library settings that make ND4J fast (see docs/PERFORMANCE notes in README).
export OMP_WAIT_POLICY ?= PASSIVE
export OPENBLAS_THREAD_TIMEOUT ?= 17

.PHONY: build test test-fast run demo pretrain-demo bench clean check-tools completion doctor

check-tools:
	@command -v $(JAVA) >/dev/null || { echo "Java 17 is required (apt-get install openjdk-17-jdk-headless)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)"; exit 1; }

$(JAR): check-tools $(shell find pom.xml trainer/pom.xml datasets/pom.xml trainer/src/main datasets/src/main recipes configs bench-djl/pom.xml bench-djl/src/main -type f 2>/dev/null)
	$(MVN) -q -DskipTests package

build: $(JAR)

test: check-tools
	$(MVN) test

# Everything but the tests tagged @Tag("slow") (training runs, CLI end-to-end runs, kill/resume, learn tests).
test-fast: check-tools
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

bench: $(JAR)
	bash bench/run.sh

# bash/zsh completion for an alias "trainer" of java -jar trainer.jar (README: Shell completion).
completion: $(JAR)
	$(JAVA) -jar $(JAR) completion > trainer/target/trainer_completion.bash
	@echo "Wrote trainer/target/trainer_completion.bash: alias trainer='java -jar $(CURDIR)/$(JAR)'; source trainer/target/trainer_completion.bash"

# What a bug report needs and what decides speed (versions, native builds, OpenBLAS core, threads, FFmpeg, memory).
doctor: $(JAR)
	$(JAVA) -jar $(JAR) doctor

clean:
	$(MVN) -q clean
	rm -rf runs
