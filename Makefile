# Tubelet — the two commands: `make run` and `make test`.
# Every target installs what it needs on a fresh Debian machine that has only Java 17 and Maven.

SHELL := /bin/bash
MVN   ?= mvn -B -ntp
JAR   := trainer/target/trainer.jar
JAVA  ?= java
# Native-library settings that make ND4J fast (see docs/PERFORMANCE notes in README).
export OMP_WAIT_POLICY ?= PASSIVE
export OPENBLAS_THREAD_TIMEOUT ?= 4

.PHONY: build test run bench clean check-tools

check-tools:
	@command -v $(JAVA) >/dev/null || { echo "Java 17 is required (apt-get install openjdk-17-jdk-headless)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)"; exit 1; }

$(JAR): check-tools $(shell find pom.xml trainer/pom.xml datasets/pom.xml trainer/src/main datasets/src/main recipes configs -type f 2>/dev/null)
	$(MVN) -q -DskipTests package

build: $(JAR)

test: check-tools
	$(MVN) test

run: $(JAR)
	$(JAVA) -jar $(JAR) demo

bench: $(JAR)
	bash bench/run.sh

clean:
	$(MVN) -q clean
	rm -rf runs
