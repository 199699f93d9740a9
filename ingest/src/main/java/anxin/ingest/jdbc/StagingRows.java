package anxin.ingest.jdbc;

import anxin.ingest.IngestedEvent;
import anxin.protocol.Event;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A batch of events in PostgreSQL's binary COPY format (PostgreSQL docs, "COPY", section "Binary
 * Format"), as rows of the writer's staging table. Each field is a 4-byte length (-1 for NULL)
 * followed by the type's binary send format: {@code timestamptz} an int64 of microseconds since
 * 2000-01-01 UTC, {@code bigint}/{@code integer}/{@code smallint} big-endian integers, {@code text}
 * UTF-8 bytes (the driver sets client_encoding UTF8), {@code jsonb} a version byte 1 and the JSON
 * text.
 */
final class StagingRows {

  /** The staging table, one per session; emptied at every commit. */
  static final String CREATE_TABLE =
      "CREATE TEMP TABLE IF NOT EXISTS anxin_event_staging ("
          + "received_at timestamptz NOT NULL, device_id text NOT NULL, seq bigint NOT NULL,"
          + " ts_key bigint NOT NULL, device_ts timestamptz, facility_id text NOT NULL,"
          + " type text NOT NULL, bat smallint, rssi integer, data jsonb,"
          + " transport text NOT NULL) ON COMMIT DELETE ROWS";

  static final String COPY =
      "COPY anxin_event_staging (received_at, device_id, seq, ts_key, device_ts, facility_id,"
          + " type, bat, rssi, data, transport) FROM STDIN (FORMAT binary)";

  /** The dedup key's time part when an event carries no device clock. */
  static final long NO_TS = -1;

  /** Device clocks outside years 1..9999 are stored as NULL device_ts (ts_key keeps them). */
  static final long MIN_DEVICE_TS = -62_135_596_800_000L;

  static final long MAX_DEVICE_TS = 253_402_300_799_999L;

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };
  private static final short FIELDS = 11;

  /** 2000-01-01T00:00:00Z in microseconds since the Unix epoch. */
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

  private static final byte JSONB_VERSION = 1;

  private StagingRows() {}

  /** The dedup key's time part of an event: its device clock in epoch ms, or {@link #NO_TS}. */
  static long tsKey(Event e) {
    return e.ts() == null ? NO_TS : e.ts();
  }

  /** The binary COPY stream of {@code batch}: header, one tuple per event, trailer. */
  static byte[] encode(List<IngestedEvent> batch) {
    return encode(batch, true);
  }

  private static byte[] encode(List<IngestedEvent> batch, boolean withTsKey) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.size() * 160);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      header(out);
      for (IngestedEvent ie : batch) {
        Event e = ie.event();
        out.writeShort(withTsKey ? FIELDS : FIELDS - 1);
        timestamp(out, micros(ie.receivedAt()));
        text(out, e.dev());
        int8(out, e.seq());
        if (withTsKey) {
          int8(out, tsKey(e));
        }
        if (storedDeviceTs(e)) {
          timestamp(out, e.ts() * 1000);
        } else {
          out.writeInt(-1);
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
        jsonb(out, JsonData.of(e.data()));
        text(out, ie.transport().tag());
      }
      out.writeShort(-1); // trailer
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  /** {@code COPY} straight into the dedup table, for the fast path of {@link EventSql}. */
  static final String COPY_SEEN =
      "COPY event_seen (device_id, seq, ts_key, received_at) FROM STDIN (FORMAT binary)";

  /** {@code COPY} straight into the event table, for the fast path of {@link EventSql}. */
  static final String COPY_EVENTS =
      "COPY event (received_at, device_id, seq, device_ts, facility_id, type, bat, rssi, data,"
          + " transport) FROM STDIN (FORMAT binary)";

  /**
   * The dedup keys of {@code batch} as binary COPY rows of {@code event_seen}: every key, or with
   * {@code clockKeyInEvent} only those of events stored without a device time ({@link
   * #storedDeviceTs}); null when there are none.
   */
  static byte[] encodeSeen(List<IngestedEvent> batch, boolean clockKeyInEvent) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.size() * 48);
    int rows = 0;
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      header(out);
      for (IngestedEvent ie : batch) {
        Event e = ie.event();
        if (clockKeyInEvent && storedDeviceTs(e)) {
          continue;
        }
        out.writeShort(4);
        text(out, e.dev());
        int8(out, e.seq());
        int8(out, tsKey(e));
        timestamp(out, micros(ie.receivedAt()));
        rows++;
      }
      out.writeShort(-1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return rows == 0 ? null : bytes.toByteArray();
  }

  /** Whether {@code e}'s device clock is stored in {@code device_ts} (set and in range). */
  static boolean storedDeviceTs(Event e) {
    return e.ts() != null && e.ts() >= MIN_DEVICE_TS && e.ts() <= MAX_DEVICE_TS;
  }

  /** {@code batch} as binary COPY rows of {@code event} (the staging columns but ts_key). */
  static byte[] encodeEvents(List<IngestedEvent> batch) {
    return encode(batch, false);
  }

  private static void header(DataOutputStream out) throws IOException {
    out.write(SIGNATURE);
    out.writeInt(0); // flags: no OIDs
    out.writeInt(0); // header extension length
  }

  /** Microseconds since the Unix epoch, truncated. */
  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static void timestamp(DataOutputStream out, long epochMicros) throws IOException {
    out.writeInt(8);
    out.writeLong(epochMicros - PG_EPOCH_MICROS);
  }

  private static void int8(DataOutputStream out, long v) throws IOException {
    out.writeInt(8);
    out.writeLong(v);
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void jsonb(DataOutputStream out, String json) throws IOException {
    if (json == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length + 1);
    out.writeByte(JSONB_VERSION);
    out.write(utf8);
  }
}
