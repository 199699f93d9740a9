package anxin.bench.jmh;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Paho's decoding of one received PUBLISH, as its receiving thread does it for every message
 * ({@code MqttWireMessage.createWireMessage} on the packet read from the socket): a gateway's batch
 * of 100 JSON envelopes, heartbeats and motion with a device clock (8,158 bytes; the platform
 * benchmark's gateways add battery and signal, about 14 KB). With the patched {@code
 * CountingInputStream} on the class path (module {@code paho-patched}) this is the figure ingest
 * pays; with Paho 1.2.5's jar put first on the class path it is the stock one (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MqttReceiveBench {

  private byte[] packet;

  @Setup
  public void start() throws MqttException {
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      EventType type = i % 5 < 3 ? EventType.HEARTBEAT : EventType.MOTION;
      batch.add(
          Event.of("bench-dev-" + (i * 50 + 7), 1_000_000 + i, type)
              .withTs(1_773_108_000_123L + i));
    }
    byte[] payload = new EventCodec().encodeJson(batch);
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    MqttPublish p = new MqttPublish(Topics.event("bench", "_batch"), m, new MqttProperties());
    p.setMessageId(4711);
    byte[] header = p.getHeader();
    packet = new byte[header.length + payload.length];
    System.arraycopy(header, 0, packet, 0, header.length);
    System.arraycopy(payload, 0, packet, header.length, payload.length);
    if (decodeGatewayBatch().getMessage().getPayload().length != payload.length) {
      throw new IllegalStateException("Paho does not decode the packet it encoded");
    }
  }

  @Benchmark
  public MqttPublish decodeGatewayBatch() throws MqttException {
    return (MqttPublish) MqttWireMessage.createWireMessage(packet);
  }
}
