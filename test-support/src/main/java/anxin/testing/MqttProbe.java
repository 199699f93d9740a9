package anxin.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks that an MQTT 5 broker answers: opens a TCP connection, sends CONNECT (MQTT 5 §3.1) with a
 * clean start, expects a CONNACK (§3.2) with reason code 0, and disconnects (§3.14).
 *
 * <p>Raw bytes rather than a client library, so that the fixture does not force a client library on
 * the modules that use it.
 */
final class MqttProbe {

  private MqttProbe() {}

  /**
   * Connects to {@code host:port} and back.
   *
   * @param timeout bound for the TCP connect and for each read
   * @throws IOException naming what failed: connection refused, timeout, not MQTT, or refused by
   *     the broker with its reason code
   */
  static void check(String host, int port, Duration timeout) throws IOException {
    int millis = Math.toIntExact(timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      String clientId = "anxin-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
      out.write(connectPacket(clientId));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int header = in.read();
      if (header < 0) {
        throw new EOFException("connection closed before CONNACK");
      }
      byte[] body = new byte[readRemainingLength(in)];
      in.readFully(body);
      checkConnack(header, body);
      out.write(new byte[] {(byte) 0xE0, 0x00}); // DISCONNECT, normal disconnection
      out.flush();
    }
  }

  /** An MQTT 5 CONNECT packet: clean start, keep-alive 60 s, no properties, no credentials. */
  static byte[] connectPacket(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream variable = new ByteArrayOutputStream();
    variable.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0});
    variable.write(id.length >> 8);
    variable.write(id.length & 0xFF);
    variable.writeBytes(id);
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    int length = variable.size();
    do { // variable byte integer, MQTT 5 §1.5.5
      int digit = length % 128;
      length /= 128;
      packet.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    packet.writeBytes(variable.toByteArray());
    return packet.toByteArray();
  }

  /**
   * Accepts a CONNACK with reason code 0 (success).
   *
   * @param header the fixed header's first byte
   * @param body the bytes after the remaining length
   * @throws IOException when this is not a CONNACK or the broker refused the connection
   */
  static void checkConnack(int header, byte[] body) throws IOException {
    if ((header & 0xF0) != 0x20 || body.length < 2) {
      throw new IOException(
          String.format(
              "no MQTT CONNACK: got packet type %d with %d bytes", header >> 4, body.length));
    }
    int reason = body[1] & 0xFF;
    if (reason == 0x01 && body.length == 2) { // an MQTT 3.1.1 broker's answer to level 5
      throw new IOException("broker speaks MQTT 3.1.1 only, not MQTT 5");
    }
    if (reason != 0) {
      throw new IOException(
          String.format("broker refused CONNECT with reason code 0x%02X", reason));
    }
  }

  private static int readRemainingLength(DataInputStream in) throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed remaining length");
  }
}
