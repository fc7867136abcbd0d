package org.hotline.cti.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's Mandarin prompts: generated once per text, an operator's recording wins. */
class PromptInstallerTest {
    @TempDir
    Path dir;

    private Path sounds;
    private PromptInstaller installer;
    private final List<List<String>> commands = new ArrayList<>();
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /** Writes the file each tool would write: espeak-ng's -w target, sox's output (argument 8). */
    private final ProcessRunner fakeTools = new ProcessRunner() {
        @Override
        Result run(Duration timeout, List<String> command) {
            commands.add(command);
            try {
                Path target = Path.of(
                        command.get(0).equals("espeak-ng") ? command.get(command.indexOf("-w") + 1) : command.get(8));
                Files.writeString(target, command.get(0) + ":" + command.get(command.size() - 1));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return new Result(0, "");
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        Path config = Files.createDirectories(dir.resolve("config/asterisk"));
        sounds = Files.createDirectories(config.resolve("sounds/hotline"));
        manifest("# comment\ngreeting = 您好，请稍候。\n\nclosed = 无人值守。再见。\n");
        installer = new PromptInstaller(
                new SandboxPaths(dir.resolve("chroot"), config, dir.resolve("dialplans")), fakeTools);
    }

    private void manifest(String text) throws IOException {
        Files.writeString(sounds.resolve(PromptInstaller.PROMPTS), text, StandardCharsets.UTF_8);
    }

    @Test
    void eachPromptIsGeneratedWithTheMandarinVoiceOnceAndAgainOnlyWhenItsTextChanges() throws IOException {
        assertThat(installer.install(out)).isEqualTo(2);
        assertThat(commands).hasSize(4);
        assertThat(commands.get(0))
                .containsSubsequence("espeak-ng", "-v", "cmn")
                .endsWith("您好，请稍候。");
        assertThat(commands.get(1)).containsSubsequence("sox").containsSubsequence("-r", "8000", "-c", "1");
        Path target = installer.targetDir();
        assertThat(target).isEqualTo(dir.resolve("chroot/usr/share/asterisk/sounds/hotline"));
        assertThat(target.resolve("greeting.wav")).exists();
        assertThat(target.resolve("closed.wav")).exists();

        commands.clear();
        assertThat(installer.install(out)).as("nothing changed: nothing run").isZero();
        assertThat(commands).isEmpty();

        manifest("greeting = 您好，请稍候。\nclosed = 现在无人值守。再见。\n");
        assertThat(installer.install(out)).isEqualTo(1);
        assertThat(commands.get(0)).endsWith("现在无人值守。再见。");
    }

    @Test
    void anOperatorsRecordingReplacesTheGeneratedPrompt() throws IOException {
        installer.install(out);
        Files.write(sounds.resolve("closed.sln16"), new byte[] {1, 2, 3});
        commands.clear();
        assertThat(installer.install(out)).isEqualTo(1);
        assertThat(commands).isEmpty();
        assertThat(installer.targetDir().resolve("closed.sln16")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(installer.targetDir().resolve("closed.wav"))
                .as("Asterisk must not pick the old one")
                .doesNotExist();
        assertThat(installer.install(out)).isZero();
    }

    @Test
    void aBadLineNamesTheFileAndLine() throws IOException {
        manifest("greeting = 您好\nClosed: 再见\n");
        assertThatThrownBy(() -> installer.install(out))
                .isInstanceOf(PbxSandboxException.class)
                .hasMessageContaining("prompts.txt: line 2: expected 'name = text'");
    }

    @Test
    void theShippedPromptsCoverEveryPromptTheDialplanPlays() throws IOException {
        var names = PromptInstaller.read(Path.of("../config/asterisk/sounds/hotline/prompts.txt"))
                .keySet();
        String dialplan = Files.readString(Path.of("../dialplans/hotline-inbound.conf"));
        var played = java.util.regex.Pattern.compile("Playback\\(([^,)]+)")
                .matcher(dialplan)
                .results()
                .flatMap(m -> java.util.Arrays.stream(m.group(1).split("&")))
                .toList();
        assertThat(played).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("hotline/"));
        assertThat(names)
                .containsAll(played.stream()
                        .map(p -> p.substring("hotline/".length()))
                        .toList());
    }
}
