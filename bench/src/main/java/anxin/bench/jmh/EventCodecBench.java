package anxin.bench.jmh;

import anxin.protocol.DecodeResult;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link EventCodec} on one envelope as a device sends it: a door sensor's {@code door_open} with
 * device clock, battery, signal and one data field (JSON 120 bytes, CBOR 83 bytes). Operations per
 * second, and with {@code -prof gc} bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventCodecBench {

  private EventCodec codec;
  private Event event;
  private byte[] json;
  private byte[] cbor;

  @Setup
  public void start() {
    codec = new EventCodec();
    event =
        new Event(
            "h1-r12-door",
            48_213,
            EventType.DOOR_OPEN,
            1_773_108_000_123L,
            87,
            -71,
            Map.of(Event.DATA_DOOR, "room"));
    json = codec.encodeJson(event);
    cbor = codec.encodeCbor(event);
    if (!codec.decode(json).events().equals(java.util.List.of(event))
        || !codec.decode(cbor).events().equals(java.util.List.of(event))) {
      throw new IllegalStateException("the codec does not round-trip " + event);
    }
  }

  @Benchmark
  public DecodeResult decodeJson() {
    return codec.decode(json);
  }

  @Benchmark
  public DecodeResult decodeCbor() {
    return codec.decode(cbor);
  }

  @Benchmark
  public byte[] encodeJson() {
    return codec.encodeJson(event);
  }

  @Benchmark
  public byte[] encodeCbor() {
    return codec.encodeCbor(event);
  }

  /** Sizes of the envelope, for the report. */
  static String sizes() {
    EventCodecBench b = new EventCodecBench();
    b.start();
    return "JSON " + b.json.length + " B, CBOR " + b.cbor.length + " B";
  }
}
