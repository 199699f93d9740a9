package anxin.bench;

import anxin.ingest.IngestedEvent;
import anxin.protocol.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The storage floor: the same events, encoded per batch as PostgreSQL binary COPY rows (PostgreSQL
 * docs, "COPY", "Binary Format") and copied straight into {@code event}, one auto-committed COPY
 * per batch on one connection. No staging table, no dedup keys: what the writer's work cannot go
 * below.
 */
final class RawCopy {

  static final String COPY =
      "COPY event (received_at, device_id, seq, device_ts, facility_id, type, bat, rssi, data,"
          + " transport) FROM STDIN (FORMAT binary)";

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

  private RawCopy() {}

  /** Copies every event in batches of {@code batch}; returns the elapsed nanoseconds. */
  static long run(Connection c, List<IngestedEvent> events, int batch)
      throws SQLException, IOException {
    c.setAutoCommit(true);
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    long start = System.nanoTime();
    for (int from = 0; from < events.size(); from += batch) {
      byte[] rows = encode(events.subList(from, Math.min(events.size(), from + batch)));
      copy.copyIn(COPY, new ByteArrayInputStream(rows));
    }
    return System.nanoTime() - start;
  }

  static byte[] encode(List<IngestedEvent> batch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.size() * 160);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(SIGNATURE);
      out.writeInt(0);
      out.writeInt(0);
      for (IngestedEvent ie : batch) {
        Event e = ie.event();
        out.writeShort(10);
        timestamp(
            out, ie.receivedAt().getEpochSecond() * 1_000_000L + ie.receivedAt().getNano() / 1000);
        text(out, e.dev());
        out.writeInt(8);
        out.writeLong(e.seq());
        if (e.ts() == null) {
          out.writeInt(-1);
        } else {
          timestamp(out, e.ts() * 1000);
        }
        text(out, ie.facility());
        text(out, e.type().wireName());
        if (e.bat() == null) {
          out.writeInt(-1);
        } else {
          out.writeInt(2);
          out.writeShort(e.bat());
        }
        if (e.rssi() == null) {
          out.writeInt(-1);
        } else {
          out.writeInt(4);
          out.writeInt(e.rssi());
        }
        String json = json(e.data());
        if (json == null) {
          out.writeInt(-1);
        } else {
          byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
          out.writeInt(utf8.length + 1);
          out.writeByte(1); // jsonb version
          out.write(utf8);
        }
        text(out, "mqtt");
      }
      out.writeShort(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Flat maps of strings and numbers, all the bench's events carry. */
  private static String json(Map<String, Object> data) {
    if (data.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> e : data.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      if (v instanceof String s) {
        sb.append('"').append(s).append('"');
      } else {
        sb.append(v);
      }
    }
    return sb.append('}').toString();
  }

  private static void timestamp(DataOutputStream out, long epochMicros) throws IOException {
    out.writeInt(8);
    out.writeLong(epochMicros - PG_EPOCH_MICROS);
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
