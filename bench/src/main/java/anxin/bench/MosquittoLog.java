package anxin.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's log, read from a mark: Mosquitto logs "Outgoing messages are being dropped for
 * client …" when a session's queue is full, and any such line invalidates a run.
 */
final class MosquittoLog {

  private final Path path;
  private long mark;

  MosquittoLog(Path path) {
    this.path = path;
  }

  boolean readable() {
    return Files.isReadable(path);
  }

  void mark() {
    try {
      mark = Files.size(path);
    } catch (IOException e) {
      mark = 0;
    }
  }

  /** Lines mentioning "dropped" since the mark, or null when the log cannot be read. */
  List<String> dropsSinceMark() {
    if (!readable()) {
      return null;
    }
    List<String> drops = new ArrayList<>();
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
      if (f.length() < mark) {
        mark = 0; // rotated
      }
      f.seek(mark);
      byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, f.length() - mark)];
      f.readFully(rest);
      for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).contains("dropped")) {
          drops.add(line);
        }
      }
    } catch (IOException e) {
      return null;
    }
    return drops;
  }
}
