// Library evaluation for the gateway journal (docs/gateway-journal.md). Not part of the build.
// Run: java -Xmx48m -cp sqlite-jdbc-3.54.1.0.jar:h2-2.5.252.jar JournalLibraryEval.java <dir> <what>
// what = baseline | disk | sqlite | mvstore | sqlite-damage | mvstore-damage | journal
// (journal needs edge-gateway and firmware-protocols classes and Jackson on the class path;
// compile first with javac -d so that RSS figures do not include the source launcher's compiler)
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

public class JournalLibraryEval {
  static byte[] payload(long i) {
    byte[] b = new byte[64]; // a small CBOR event is ~50-70 bytes
    for (int k = 0; k < b.length; k++) b[k] = (byte) (i * 31 + k);
    return b;
  }

  static String rss() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status")))
      if (l.startsWith("VmRSS") || l.startsWith("VmHWM")) System.out.print(l.replaceAll("\\s+", " ") + "  ");
    Runtime r = Runtime.getRuntime();
    System.gc();
    return "heapUsed=" + (r.totalMemory() - r.freeMemory()) / 1024 + "kB";
  }

  static long dirSize(Path d) throws IOException {
    try (var s = Files.list(d)) { return s.mapToLong(p -> p.toFile().length()).sum(); }
  }

  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    Files.createDirectories(dir);
    switch (a[1]) {
      case "disk" -> disk(dir);
      case "baseline" -> System.out.println("empty JVM: " + rss());
      case "journal" -> journal(dir);
      case "sqlite" -> sqlite(dir);
      case "mvstore" -> mvstore(dir);
      case "sqlite-damage" -> sqliteDamage(dir);
      case "mvstore-damage" -> mvstoreDamage(dir);
      default -> throw new IllegalArgumentException(a[1]);
    }
  }

  static void journal(Path dir) throws Exception {
    System.out.println("start " + rss());
    var cfg = anxin.gateway.journal.JournalConfig.DEFAULT;
    try (var j = anxin.gateway.journal.SegmentedJournal.open(dir.resolve("j"), cfg)) {
      int n = 2000;
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) j.append(ev(i));
      System.out.printf("journal append (fsync each), 1 thread: %.0f/s%n", n / ((System.nanoTime() - t) / 1e9));
      for (int threads : new int[] {4, 16}) {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        int each = 1000;
        t = System.nanoTime();
        var fs = new ArrayList<java.util.concurrent.Future<?>>();
        for (int k = 0; k < threads; k++) {
          int base = 100_000 * (k + 1);
          fs.add(pool.submit(() -> { for (int i = 0; i < each; i++) j.append(ev(base + i)); return null; }));
        }
        for (var f : fs) f.get();
        pool.shutdown();
        System.out.printf("journal append (group commit), %d threads: %.0f/s%n", threads, threads * each / ((System.nanoTime() - t) / 1e9));
      }
      t = System.nanoTime();
      var batch = new ArrayList<anxin.protocol.Event>();
      for (int i = 0; i < 1_000_000; i++) { batch.add(ev(i)); if (batch.size() == 1000) { j.appendAll(batch); batch.clear(); } }
      System.out.printf("journal 1M appends, batches of 1000: %.1f s, disk %d MB, index %d kB, %s%n", (System.nanoTime() - t) / 1e9, j.diskBytes() >> 20, j.indexBytes() >> 10, rss());
    }
    t0 = System.nanoTime();
    try (var j = anxin.gateway.journal.SegmentedJournal.open(dir.resolve("j"), cfg)) {
      System.out.printf("journal reopen with %d queued: %.2f s, %s%n", j.size(), (System.nanoTime() - t0) / 1e9, rss());
    }
  }

  static long t0;

  static anxin.protocol.Event ev(long i) {
    return anxin.protocol.Event.of("sensor-" + (i % 200), i, i % 1000 == 0 ? anxin.protocol.EventType.FALL : anxin.protocol.EventType.MOTION).withTs(1_790_000_000_000L + i).withBat(80);
  }

  static void disk(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      int n = 2000;
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) { ch.write(ByteBuffer.wrap(payload(i))); ch.force(false); }
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("raw append+fdatasync: %.0f/s%n", n / s);
    }
  }

  static Connection sqliteOpen(Path f) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("CREATE TABLE IF NOT EXISTS q(id INTEGER PRIMARY KEY, alarm INT NOT NULL, ev BLOB NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS q_alarm ON q(alarm, id)");
    }
    return c;
  }

  static void sqlite(Path dir) throws Exception {
    System.out.println("start " + rss());
    Path f = dir.resolve("q.db");
    Files.deleteIfExists(f);
    try (Connection c = sqliteOpen(f); PreparedStatement ins = c.prepareStatement("INSERT INTO q(alarm, ev) VALUES (?, ?)")) {
      int n = 2000;
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) { ins.setInt(1, i % 100 == 0 ? 1 : 0); ins.setBytes(2, payload(i)); ins.executeUpdate(); }
      System.out.printf("sqlite autocommit insert (WAL, synchronous=FULL): %.0f/s%n", n / ((System.nanoTime() - t) / 1e9));
      c.setAutoCommit(false);
      t = System.nanoTime();
      for (int i = 0; i < 1_000_000; i++) {
        ins.setInt(1, i % 100 == 0 ? 1 : 0); ins.setBytes(2, payload(i)); ins.executeUpdate();
        if (i % 10_000 == 9_999) c.commit();
      }
      c.commit();
      System.out.printf("sqlite 1M inserts, commit per 10k: %.1f s, disk %d MB, %s%n", (System.nanoTime() - t) / 1e9, dirSize(dir) >> 20, rss());
      t = System.nanoTime();
      long cnt = 0;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, ev FROM q ORDER BY alarm DESC, id")) {
        while (rs.next()) { rs.getBytes(2); cnt++; }
      }
      System.out.printf("sqlite read 1M in send order: %.1f s (%d rows), %s%n", (System.nanoTime() - t) / 1e9, cnt, rss());
      t = System.nanoTime();
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM q WHERE id IN (SELECT id FROM q WHERE alarm=0 ORDER BY id LIMIT 100000)");
      }
      c.commit();
      System.out.printf("sqlite evict 100k oldest non-alarm: %.2f s%n", (System.nanoTime() - t) / 1e9);
    }
  }

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var s = Files.list(from)) { for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING); }
  }

  static void flip(Path f, long off) throws IOException {
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) { r.seek(off); int b = r.read(); r.seek(off); r.write(b ^ 0x40); }
  }

  static String sqliteCheck(Path f, int expect) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
      int n = 0, wrong = 0;
      try (ResultSet rs = s.executeQuery("SELECT id, ev FROM q ORDER BY id")) {
        while (rs.next()) { n++; if (!Arrays.equals(rs.getBytes(2), payload(rs.getLong(1) - 1))) wrong++; }
      }
      String ic;
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) { rs.next(); ic = rs.getString(1); }
      return "rows=" + n + "/" + expect + " alteredPayloads=" + wrong + " integrity_check=" + ic;
    } catch (SQLException e) {
      return "EXCEPTION " + e.getMessage();
    }
  }

  static void sqliteDamage(Path dir) throws Exception {
    Path live = dir.resolve("live");
    Files.createDirectories(live);
    Path f = live.resolve("q.db");
    int n = 200;
    Connection c = sqliteOpen(f);
    try (Statement s = c.createStatement()) { s.execute("PRAGMA wal_autocheckpoint=0"); }
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO q(id, alarm, ev) VALUES (?, 0, ?)")) {
      for (int i = 0; i < n; i++) { ins.setLong(1, i + 1); ins.setBytes(2, payload(i)); ins.executeUpdate(); }
    }
    // crash image with everything in the WAL
    Path img = dir.resolve("img-wal");
    copy(live, img);
    long walLen = Files.size(img.resolve("q.db-wal"));
    System.out.println("WAL image: wal=" + walLen + " bytes; intact: " + sqliteCheck(copyTo(img, dir.resolve("w0")), n));
    for (long cut : new long[] {walLen - 1, walLen - 100, walLen - 4200, walLen / 2}) {
      Path d = copyTo(img, dir.resolve("wcut" + cut));
      try (RandomAccessFile r = new RandomAccessFile(d.resolveSibling("q.db-wal").toFile(), "rw")) { r.setLength(cut); }
      System.out.println("WAL truncated to " + cut + ": " + sqliteCheck(d, n));
    }
    for (long back : new long[] {10, 500, 4200 * 3, walLen / 2}) {
      Path d = copyTo(img, dir.resolve("wflip" + back));
      flip(d.resolveSibling("q.db-wal"), walLen - back);
      System.out.println("WAL byte flipped at end-" + back + ": " + sqliteCheck(d, n));
    }
    try (Statement s = c.createStatement()) { s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); }
    Path img2 = dir.resolve("img-db");
    copy(live, img2);
    long dbLen = Files.size(img2.resolve("q.db"));
    for (long back : new long[] {10, 100, 1000, 3000}) {
      Path d = copyTo(img2, dir.resolve("dflip" + back));
      flip(d, dbLen - back);
      System.out.println("main db (checkpointed) byte flipped at end-" + back + ": " + sqliteCheck(d, n));
    }
    for (long cut : new long[] {dbLen - 100, dbLen - 4096}) {
      Path d = copyTo(img2, dir.resolve("dcut" + cut));
      try (RandomAccessFile r = new RandomAccessFile(d.toFile(), "rw")) { r.setLength(cut); }
      System.out.println("main db truncated to " + cut + ": " + sqliteCheck(d, n));
    }
    c.close();
  }

  static Path copyTo(Path img, Path to) throws IOException {
    copy(img, to);
    return to.resolve("q.db");
  }

  static void mvstore(Path dir) throws Exception {
    System.out.println("start " + rss());
    Path f = dir.resolve("q.mv");
    Files.deleteIfExists(f);
    MVStore st = new MVStore.Builder().fileName(f.toString()).autoCommitDisabled().open();
    MVMap<Long, byte[]> m = st.openMap("q");
    int n = 500;
    long t = System.nanoTime();
    for (int i = 0; i < n; i++) { m.put((long) i, payload(i)); st.commit(); st.sync(); }
    System.out.printf("mvstore put+commit+sync: %.0f/s, file %d kB%n", n / ((System.nanoTime() - t) / 1e9), Files.size(f) >> 10);
    t = System.nanoTime();
    for (int i = n; i < 1_000_000 + n; i++) { m.put((long) i, payload(i)); if (i % 10_000 == 0) st.commit(); }
    st.commit(); st.sync();
    System.out.printf("mvstore 1M puts, commit per 10k: %.1f s, file %d MB, %s%n", (System.nanoTime() - t) / 1e9, Files.size(f) >> 20, rss());
    t = System.nanoTime();
    long cnt = 0;
    for (var it = m.cursor(null); it.hasNext(); ) { it.next(); it.getValue(); cnt++; }
    System.out.printf("mvstore read 1M: %.1f s (%d), %s%n", (System.nanoTime() - t) / 1e9, cnt, rss());
    st.close();
  }

  static String mvCheck(Path f, int expect) {
    try {
      MVStore st = new MVStore.Builder().fileName(f.toString()).open();
      MVMap<Long, byte[]> m = st.openMap("q");
      int rows = 0, wrong = 0;
      for (var it = m.cursor(null); it.hasNext(); ) {
        Long k = it.next(); rows++;
        if (!Arrays.equals(it.getValue(), payload(k))) wrong++;
      }
      st.close();
      return "rows=" + rows + "/" + expect + " alteredPayloads=" + wrong;
    } catch (RuntimeException e) {
      return "EXCEPTION " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).split("\n")[0];
    }
  }

  static void mvstoreDamage(Path dir) throws Exception {
    Path live = dir.resolve("live");
    Files.createDirectories(live);
    Path f = live.resolve("q.mv");
    int n = 200;
    MVStore st = new MVStore.Builder().fileName(f.toString()).autoCommitDisabled().open();
    MVMap<Long, byte[]> m = st.openMap("q");
    for (int i = 0; i < n; i++) { m.put((long) i, payload(i)); st.commit(); }
    st.sync();
    Path img = dir.resolve("img");
    copy(live, img);
    Path im = img.resolve("q.mv");
    long len = Files.size(im);
    System.out.println("mvstore image " + len + " bytes; intact: " + mvCheck(copyMv(img, dir.resolve("m0")), n));
    for (long back : new long[] {1, 100, 2000, 4096, 8192 + 7, len / 2}) {
      Path d = copyMv(img, dir.resolve("mcut" + back));
      try (RandomAccessFile r = new RandomAccessFile(d.toFile(), "rw")) { r.setLength(len - back); }
      System.out.println("truncated by " + back + ": " + mvCheck(d, n));
    }
    for (long back : new long[] {5, 50, 300, 1000, 3000, 5000, 9000}) {
      Path d = copyMv(img, dir.resolve("mflip" + back));
      flip(d, len - back);
      System.out.println("byte flipped at end-" + back + ": " + mvCheck(d, n));
    }
    st.close();
  }

  static Path copyMv(Path img, Path to) throws IOException {
    copy(img, to);
    return to.resolve("q.mv");
  }
}
