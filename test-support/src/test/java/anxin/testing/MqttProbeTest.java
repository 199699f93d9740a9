package anxin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MqttProbeTest {

  @Test
  void connectPacket_clientId_isMqtt5ConnectWithCleanStart() {
    byte[] packet = MqttProbe.connectPacket("ab");

    assertThat(packet)
        .containsExactly(
            0x10, 15, // CONNECT, remaining length
            0, 4, 'M', 'Q', 'T', 'T', 5, // protocol name and level 5
            0x02, 0, 60, 0, // clean start, keep-alive 60 s, no properties
            0, 2, 'a', 'b'); // client id
  }

  @Test
  void connectPacket_longClientId_usesMultiByteRemainingLength() {
    byte[] packet = MqttProbe.connectPacket("x".repeat(200));

    assertThat(packet.length).isEqualTo(1 + 2 + 13 + 200);
    assertThat(packet[1] & 0xFF).isEqualTo(0x80 | (213 % 128));
    assertThat(packet[2]).isEqualTo((byte) (213 / 128));
  }

  @Test
  void checkConnack_success_passes() {
    assertThatCode(() -> MqttProbe.checkConnack(0x20, new byte[] {0, 0, 0}))
        .doesNotThrowAnyException();
  }

  @Test
  void checkConnack_mqtt311Answer_saysBrokerLacksMqtt5() {
    assertThatThrownBy(() -> MqttProbe.checkConnack(0x20, new byte[] {0, 1}))
        .isInstanceOf(IOException.class)
        .hasMessage("broker speaks MQTT 3.1.1 only, not MQTT 5");
  }

  @Test
  void checkConnack_notAuthorized_namesReasonCode() {
    assertThatThrownBy(() -> MqttProbe.checkConnack(0x20, new byte[] {0, (byte) 0x87, 0}))
        .hasMessage("broker refused CONNECT with reason code 0x87");
  }

  @Test
  void checkConnack_otherPacket_saysNoConnack() {
    assertThatThrownBy(() -> MqttProbe.checkConnack(0x30, new byte[] {1, 2, 3}))
        .hasMessage("no MQTT CONNACK: got packet type 3 with 3 bytes");
  }
}
