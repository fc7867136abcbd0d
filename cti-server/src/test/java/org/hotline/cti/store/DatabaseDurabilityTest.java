package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps what it confirmed when the server is killed: a JVM of its own opens
 * the H2 file through {@link Database}, commits rows one by one and halts at once (as SIGKILL
 * would: no shutdown hook, no close). With H2's default write delay about half of them were gone.
 */
class DatabaseDurabilityTest {
    private static final int ROWS = 200;

    @TempDir
    Path dir;

    /** The killed server: commits {@code ROWS} rows, then halts without closing anything. */
    public static final class KilledWriter {
        public static void main(String[] args) throws Exception {
            Database db = Database.open(args[0], "sa", "");
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE confirmed(i INT PRIMARY KEY, note VARCHAR(40))");
            }
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO confirmed VALUES(?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "已记录 " + i);
                    ps.executeUpdate(); // auto-commit: confirmed to whoever asked
                }
            }
            Runtime.getRuntime().halt(9);
        }
    }

    @Test
    void everyCommittedRowSurvivesTheProcessBeingKilled() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("cti").toAbsolutePath();
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledWriter.class.getName(),
                        url)
                .inheritIO()
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the writer halted after committing").isEqualTo(9);

        try (Database db = Database.open(url, "sa", "");
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), MAX(note) FROM confirmed")) {
            r.next();
            assertThat(r.getInt(1)).as("committed rows after the kill").isEqualTo(ROWS);
            assertThat(r.getString(2)).startsWith("已记录");
        }
    }

    @Test
    void anExplicitWriteDelayAndOtherDatabasesAreLeftAlone() {
        assertThat(Database.durable("jdbc:h2:file:./data/cti")).isEqualTo("jdbc:h2:file:./data/cti;WRITE_DELAY=0");
        assertThat(Database.durable("jdbc:h2:./data/cti;write_delay=200"))
                .isEqualTo("jdbc:h2:./data/cti;write_delay=200");
        assertThat(Database.durable("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(Database.durable("jdbc:postgresql://db/cti")).isEqualTo("jdbc:postgresql://db/cti");
    }

    @Test
    void aPasswordInTheUrlIsMaskedInMessages() {
        assertThat(Database.masked("jdbc:postgresql://db/cti?user=cti&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/cti?user=cti&password=<masked>&ssl=true")
                .doesNotContain("s3cret");
        assertThat(Database.masked("jdbc:h2:file:./x;PASSWORD=abc")).doesNotContain("abc");
    }
}
