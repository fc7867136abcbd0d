package org.hotline.cti.pbx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.TextFiles;
import org.hotline.cti.app.port.DialplanFiles;

/**
 * The PBX's dialplan directory on this machine's file system (config {@code pbx.dialplanDir}):
 * the sandbox chroot's /etc/asterisk, or /etc/asterisk on a production PBX host.
 */
public final class FileDialplanDirectory implements DialplanFiles {
    private final Path dir;

    public FileDialplanDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public Map<String, String> readAll() {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .toList()) {
                out.put(f.getFileName().toString(), TextFiles.readUtf8(f, Long.MAX_VALUE));
            }
        } catch (TextFiles.Refused e) {
            throw new CtiException(
                    ErrorId.DIALPLAN_DIR_UNREADABLE,
                    "cannot read the PBX dialplan directory " + dir + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CtiException(
                    ErrorId.DIALPLAN_DIR_UNREADABLE, "cannot read the PBX dialplan directory " + dir + ": " + e);
        }
        return out;
    }

    @Override
    public void write(String name, String text) {
        Path target = resolve(name);
        try {
            // Write beside the target and rename over it, so Asterisk never reads half a file.
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CtiException(ErrorId.DIALPLAN_WRITE_FAILED, "cannot write " + target + ": " + e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(resolve(name));
        } catch (IOException e) {
            throw new CtiException(ErrorId.DIALPLAN_WRITE_FAILED, "cannot delete " + resolve(name) + ": " + e);
        }
    }

    @Override
    public String location() {
        return dir.toString();
    }

    private Path resolve(String name) {
        Path p = dir.resolve(name).normalize();
        if (!p.getParent().equals(dir)) {
            throw new CtiException(ErrorId.BAD_FILE_NAME, "dialplan file names may not contain a path: '" + name + "'");
        }
        return p;
    }
}
