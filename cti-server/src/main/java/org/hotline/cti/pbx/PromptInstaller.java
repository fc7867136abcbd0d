package org.hotline.cti.pbx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.cti.ErrorId;

/**
 * Puts the dialplan's Mandarin prompts into the chroot's {@code /usr/share/asterisk/sounds/hotline/}:
 * Asterisk ships no Chinese prompts. Each prompt of {@code config/asterisk/sounds/hotline/prompts.txt}
 * is either a recording found beside that file (installed as it is) or generated from its text
 * with espeak-ng's Mandarin voice and resampled by sox to 8 kHz mono. A generated prompt records
 * its source in a stamp file, so a later start regenerates only what changed (about 0.1 s each).
 */
final class PromptInstaller {
    static final String PROMPTS = "prompts.txt";
    static final String VOICE = "cmn";
    /** Words per minute: espeak-ng's default (175) drags in Mandarin. */
    static final int SPEED = 210;
    /** Formats Asterisk plays that an operator's recording may come in. */
    static final List<String> RECORDING_EXTENSIONS = List.of("wav", "sln", "sln16", "g722", "gsm", "ulaw", "alaw");

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private final SandboxPaths paths;
    private final ProcessRunner runner;

    PromptInstaller(SandboxPaths paths, ProcessRunner runner) {
        this.paths = paths;
        this.runner = runner;
    }

    Path sourceDir() {
        return paths.configDir().resolve("sounds/hotline");
    }

    Path targetDir() {
        return paths.inChroot("/usr/share/asterisk/sounds/hotline");
    }

    /** Installs every prompt; returns how many were generated or copied now (0 when all were in place). */
    int install(PrintStream progress) {
        Path manifest = sourceDir().resolve(PROMPTS);
        if (!Files.isRegularFile(manifest)) {
            throw new PbxSandboxException(ErrorId.PROMPTS_MISSING, "No prompt list at " + manifest);
        }
        Map<String, String> prompts = read(manifest);
        int changed = 0;
        try {
            Files.createDirectories(targetDir());
            for (Map.Entry<String, String> p : prompts.entrySet()) {
                Optional<Path> recording = recording(p.getKey());
                if (recording.isPresent() ? copy(recording.get(), p.getKey()) : generate(p.getKey(), p.getValue())) {
                    changed++;
                }
            }
        } catch (IOException e) {
            throw new PbxSandboxException(
                    ErrorId.PROMPTS_FAILED, "Cannot install the prompts into " + targetDir() + ": " + e);
        }
        if (changed > 0) {
            progress.println("pbx sandbox: " + changed + " Mandarin prompt(s) installed in " + targetDir());
        }
        return changed;
    }

    /** {@code NAME = text} lines; {@code #} starts a comment line. */
    static Map<String, String> read(Path manifest) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PbxSandboxException(ErrorId.PROMPTS_MISSING, "Cannot read " + manifest + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).strip();
            String text = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (!name.matches("[a-z0-9][a-z0-9-]*") || text.isEmpty()) {
                throw new PbxSandboxException(
                        ErrorId.PROMPTS_INVALID,
                        manifest + ": line " + (i + 1) + ": expected 'name = text' with a lower-case name, got '" + line
                                + "'");
            }
            out.put(name, text);
        }
        return out;
    }

    private Optional<Path> recording(String name) {
        return RECORDING_EXTENSIONS.stream()
                .map(ext -> sourceDir().resolve(name + "." + ext))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /** An operator's recording: replaces whatever was generated for the same name. */
    private boolean copy(Path recording, String name) throws IOException {
        Path target = targetDir().resolve(recording.getFileName());
        Files.deleteIfExists(stamp(name));
        boolean same = Files.isRegularFile(target) && Files.mismatch(recording, target) == -1;
        for (String ext : RECORDING_EXTENSIONS) {
            Path other = targetDir().resolve(name + "." + ext);
            if (!other.equals(target)) {
                Files.deleteIfExists(other); // Asterisk would pick one format by cost, maybe the old one
            }
        }
        if (!same) {
            Files.copy(recording, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return !same;
    }

    private boolean generate(String name, String text) throws IOException {
        String source = "espeak-ng -v " + VOICE + " -s " + SPEED + "\n" + text + "\n";
        Path wav = targetDir().resolve(name + ".wav");
        if (Files.isRegularFile(wav)
                && Files.isRegularFile(stamp(name))
                && Files.readString(stamp(name), StandardCharsets.UTF_8).equals(source)) {
            return false;
        }
        Path raw = Files.createTempFile("cti-prompt-", ".wav");
        try {
            run(
                    "espeak-ng",
                    List.of("espeak-ng", "-v", VOICE, "-s", Integer.toString(SPEED), "-w", raw.toString(), text));
            // Asterisk's wav format is 8 kHz mono 16-bit; trim espeak's leading and trailing silence.
            Path tmp = targetDir().resolve("." + name + ".tmp.wav");
            run(
                    "sox",
                    List.of(
                            "sox",
                            raw.toString(),
                            "-r",
                            "8000",
                            "-c",
                            "1",
                            "-b",
                            "16",
                            tmp.toString(),
                            "gain",
                            "-n",
                            "-3",
                            "silence",
                            "1",
                            "0.02",
                            "0.5%",
                            "reverse",
                            "silence",
                            "1",
                            "0.02",
                            "0.5%",
                            "reverse"));
            for (String ext : RECORDING_EXTENSIONS) {
                Files.deleteIfExists(targetDir().resolve(name + "." + ext)); // a recording installed earlier
            }
            Files.move(tmp, wav, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(stamp(name), source, StandardCharsets.UTF_8);
            return true;
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    private void run(String tool, List<String> command) {
        ProcessRunner.Result r;
        try {
            r = runner.run(TOOL_TIMEOUT, command);
        } catch (PbxSandboxException e) {
            if (e.error() == ErrorId.COMMAND_FAILED) {
                throw new PbxSandboxException(
                        ErrorId.PROMPT_TOOLS_MISSING,
                        tool + " is needed to generate the sandbox's "
                                + "Mandarin prompts (apt-get install -y espeak-ng sox; .ci/setup does): "
                                + e.getMessage());
            }
            throw e;
        }
        if (!r.ok()) {
            throw new PbxSandboxException(
                    ErrorId.PROMPTS_FAILED,
                    String.join(" ", command) + " failed with exit code " + r.exitCode() + ": "
                            + ProcessRunner.tail(r.output()));
        }
    }

    private Path stamp(String name) {
        return targetDir().resolve("." + name + ".source");
    }
}
