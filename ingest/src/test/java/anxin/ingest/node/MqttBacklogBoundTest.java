package anxin.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttBacklogBoundTest {

  @Test
  void oneEventPer4KiBOfHeap_neverBelowThePipelinesBacklog() {
    assertThat(IngestNode.mqttBacklogBound(100_000, 512L << 20)).isEqualTo(131_072);
    assertThat(IngestNode.mqttBacklogBound(100_000, 4L << 30)).isEqualTo(1_048_576);
    assertThat(IngestNode.mqttBacklogBound(100_000, 256L << 20)).isEqualTo(100_000);
    assertThat(IngestNode.mqttBacklogBound(100_000, Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
  }
}
