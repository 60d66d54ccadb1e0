package io.tickcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinesTest {

  private static final Path OPEN_FILES = Path.of("/proc/self/fd");

  @Test
  void shouldCloseTheDemoTradesFileWhenTheDemoFailsToStart(@TempDir Path dir) throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(OPEN_FILES), "needs /proc/self/fd (Linux)");
    // Given a demo trades file, and a data dir that cannot be created (a file is in its place)
    Path csv = Files.writeString(dir.resolve("demo-trades.csv"), "ts,price,size\n1600000000000,100,1\n");
    Path notADir = Files.writeString(dir.resolve("data"), "");
    AppConfig config = AppConfigLoader.fromLayers(Map.of("demo.csv", csv.toString(),
        "demo.data.dir", notADir.toString()), Map.of());
    // When the demo fails to start
    assertThatThrownBy(() -> Pipelines.demo(config)).isInstanceOf(FileAlreadyExistsException.class);
    // Then the trades file it opened first is closed again
    assertThat(openFilesOf(csv)).isEmpty();
  }

  private static List<Path> openFilesOf(Path file) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> fds = Files.list(OPEN_FILES)) {
      for (Path fd : fds.toList()) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (target.equals(file.toRealPath())) {
            out.add(target);
          }
        } catch (IOException e) {
          // an fd closed while listed (the listing's own): not ours
        }
      }
    }
    return out;
  }
}
