package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code completion}: a bash script that bash accepts and that completes every command. */
class CompletionCommandTest {

    @Test
    void theScriptCompletesEveryCommandInBash(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("completion");
        assertEquals(0, run.code(), run.err());
        Set<String> commands = new CommandLine(new Main()).getSubcommands().keySet();
        assertTrue(commands.containsAll(List.of("train", "eval", "export", "predict", "doctor", "completion")));
        for (String c : commands) {
            assertTrue(run.out().contains(c), "the script mentions " + c);
        }
        Path script = dir.resolve("trainer_completion.bash");
        Files.writeString(script, run.out());
        // bash itself: load the script, then ask it for the completions of "trainer " and of "trainer doctor --j"
        // (compopt only works inside a real completion: a no-op stands in for it)
        String probe = "source " + script + "\ncompopt() { :; }\n"
                + "COMP_WORDS=(trainer ''); COMP_CWORD=1; COMP_LINE='trainer '; COMP_POINT=8\n"
                + "_complete_trainer trainer '' trainer; printf '%s\\n' \"${COMPREPLY[@]}\"; echo ---\n"
                + "COMP_WORDS=(trainer doctor --j); COMP_CWORD=2; COMP_LINE='trainer doctor --j'; COMP_POINT=18\n"
                + "_complete_trainer trainer --j doctor; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String[] parts = out.split("---\n");
        Set<String> top = Arrays.stream(parts[0].split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        assertTrue(top.containsAll(commands), "completions of 'trainer ': " + top);
        assertEquals("--json", parts[1].strip(), "completions of 'trainer doctor --j'");
    }
}
