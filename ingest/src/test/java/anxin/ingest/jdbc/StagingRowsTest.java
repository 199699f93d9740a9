package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagingRowsTest {

  @Test
  void encode_fullEvent_writesHeaderTupleAndTrailer() throws IOException {
    Event e =
        Event.of("dev-001", 4_294_967_295L, EventType.FALL)
            .withTs(1_000L)
            .withBat(87)
            .withRssi(-71)
            .withData(Map.of("conf", 0.9));

    DataInputStream in = stream(StagingRows.encode(List.of(TestEvents.ingested(1, e))));

    byte[] signature = in.readNBytes(11);
    assertThat(signature).isEqualTo("PGCOPY\n\u00ff\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(in.readInt()).isZero(); // flags
    assertThat(in.readInt()).isZero(); // header extension
    List<byte[]> fields = tuple(in);
    assertThat(fields).hasSize(11);
    assertThat(long8(fields.get(0)))
        .isEqualTo(StagingRows.micros(TestEvents.T0) - 946_684_800_000_000L);
    assertThat(text(fields.get(1))).isEqualTo("dev-001");
    assertThat(long8(fields.get(2))).isEqualTo(4_294_967_295L);
    assertThat(long8(fields.get(3))).isEqualTo(1_000L);
    assertThat(long8(fields.get(4))).isEqualTo(1_000_000L - 946_684_800_000_000L);
    assertThat(text(fields.get(5))).isEqualTo("fac-1");
    assertThat(text(fields.get(6))).isEqualTo("fall");
    assertThat(fields.get(7)).containsExactly(0, 87);
    assertThat(stream(fields.get(8)).readInt()).isEqualTo(-71);
    assertThat(fields.get(9)[0]).isEqualTo((byte) 1); // jsonb version
    assertThat(new String(fields.get(9), 1, fields.get(9).length - 1, StandardCharsets.UTF_8))
        .isEqualTo("{\"conf\":0.9}");
    assertThat(text(fields.get(10))).isEqualTo("mqtt");
    assertThat(in.readShort()).isEqualTo((short) -1); // trailer
    assertThat(in.available()).isZero();
  }

  @Test
  void encode_minimalEvent_writesNullsAndTsKeyMinusOne() throws IOException {
    Event e = Event.of("dev-002", 0, EventType.PANIC);

    DataInputStream in = stream(StagingRows.encode(List.of(TestEvents.ingested(2, e))));
    in.skipNBytes(19);
    List<byte[]> fields = tuple(in);

    assertThat(long8(fields.get(3))).isEqualTo(StagingRows.NO_TS);
    for (int nullable : new int[] {4, 7, 8, 9}) {
      assertThat(fields.get(nullable)).as("field %d", nullable).isNull();
    }
  }

  @Test
  void encode_deviceClockOutsideYears1To9999_storesNoDeviceTsButKeepsTheKey() throws IOException {
    Event e = Event.of("dev-003", 5, EventType.MOTION).withTs(Long.MAX_VALUE);

    DataInputStream in = stream(StagingRows.encode(List.of(TestEvents.ingested(3, e))));
    in.skipNBytes(19);
    List<byte[]> fields = tuple(in);

    assertThat(long8(fields.get(3))).isEqualTo(Long.MAX_VALUE);
    assertThat(fields.get(4)).isNull();
  }

  @Test
  void micros_beforeTheEpoch_floorsLikePostgres() {
    assertThat(StagingRows.micros(Instant.ofEpochSecond(-1, 999_999_999))).isEqualTo(-1);
    assertThat(StagingRows.micros(Instant.ofEpochSecond(1, 1_500))).isEqualTo(1_000_001);
  }

  private static DataInputStream stream(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  private static List<byte[]> tuple(DataInputStream in) throws IOException {
    int n = in.readShort();
    List<byte[]> fields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = in.readInt();
      fields.add(len < 0 ? null : in.readNBytes(len));
    }
    return fields;
  }

  private static long long8(byte[] field) throws IOException {
    assertThat(field).hasSize(8);
    return stream(field).readLong();
  }

  private static String text(byte[] field) {
    return new String(field, StandardCharsets.UTF_8);
  }
}
