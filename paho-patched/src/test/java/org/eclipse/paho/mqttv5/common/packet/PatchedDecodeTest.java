package org.eclipse.paho.mqttv5.common.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The patched {@link CountingInputStream} under Paho's own decoder: a PUBLISH encoded by Paho comes
 * back byte for byte, at every size where MQTT's variable length changes width and at the
 * platform's 64 KiB limit, properties included.
 */
class PatchedDecodeTest {

  @Test
  void theClassOnThisClasspathIsThePatchedOne() throws Exception {
    // Paho 1.2.5's declares only read(); if its class replaced ours, bulk reads would not pass
    // through and this would fail.
    assertEquals(
        CountingInputStream.class,
        CountingInputStream.class
            .getDeclaredMethod("read", byte[].class, int.class, int.class)
            .getDeclaringClass());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 127, 128, 16_383, 16_384, 14_000, 65_536})
  void aPublishEncodedByPahoDecodesToTheSameMessage(int size) throws Exception {
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    MqttProperties props = new MqttProperties();
    props.setContentType("application/json");
    props.setUserProperties(List.of(new UserProperty("gw", "gw-07")));
    MqttPublish sent = new MqttPublish("anxin/v1/home-3/_batch/event", m, props);
    sent.setMessageId(4711);

    MqttWireMessage decoded = MqttWireMessage.createWireMessage(packet(sent));

    MqttPublish got = assertInstanceOf(MqttPublish.class, decoded);
    assertEquals("anxin/v1/home-3/_batch/event", got.getTopicName());
    assertEquals(4711, got.getMessageId());
    assertEquals(1, got.getMessage().getQos());
    assertArrayEquals(payload, got.getMessage().getPayload());
    assertEquals("application/json", got.getProperties().getContentType());
    assertEquals(List.of(new UserProperty("gw", "gw-07")), got.getProperties().getUserProperties());
  }

  @Test
  void countsBulkAndSingleReadsButNotTheEnd() throws Exception {
    byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
    CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(bytes));
    DataInputStream data = new DataInputStream(in);

    assertEquals('0', data.readByte());
    byte[] four = new byte[4];
    data.readFully(four);
    assertEquals(5, in.getCounter());
    assertEquals(2, in.skip(2));
    assertEquals(7, in.getCounter());
    assertEquals(3, in.read(new byte[8], 0, 8));
    assertEquals(-1, in.read(new byte[8], 0, 8));
    assertEquals(-1, in.read());
    assertEquals(10, in.getCounter());
    in.resetCounter();
    assertEquals(0, in.getCounter());
  }

  private static byte[] packet(MqttPublish p) throws Exception {
    byte[] header = p.getHeader();
    byte[] body = p.getPayload();
    byte[] out = new byte[header.length + body.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(body, 0, out, header.length, body.length);
    return out;
  }
}
