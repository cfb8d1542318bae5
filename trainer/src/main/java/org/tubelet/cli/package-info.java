/**
 * The command line ({@code java -jar trainer.jar}): {@link org.tubelet.cli.Main} (calls
 * {@link org.tubelet.engine.Engine#install()} first) and one picocli command per verb ({@code train}, {@code eval},
 * {@code export}, {@code predict}, {@code forward}, {@code preprocess}, {@code dataset check|bench}, {@code bench},
 * {@code demo}). A command parses its options, calls {@code org.tubelet.run} and prints (only {@code bench} and
 * {@code demo} build their graphs themselves); {@code CliErrors} maps exceptions to exit codes (2 bad usage
 * or input, 1 failure).
 *
 * <p>The top layer: may use every package; no package uses it.
 */
package org.tubelet.cli;
