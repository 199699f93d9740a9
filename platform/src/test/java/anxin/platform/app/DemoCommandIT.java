package anxin.platform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.testing.MqttBroker;
import anxin.testing.MqttRecorder;
import anxin.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The README's demo, pointed at a real broker: what it prints is what a subscriber sees. */
@ExtendWith(TestServices.class)
class DemoCommandIT {

  @Test
  void demo_fromBeforeTheFall_printsAndPublishesEveryEventWithTheFallMarked(MqttBroker broker)
      throws Exception {
    String facility = "demo-it-" + UUID.randomUUID().toString().substring(0, 8);
    StringWriter printed = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(printed, true));

    int exit;
    List<byte[]> received;
    try (MqttRecorder recorder =
        MqttRecorder.subscribe(broker, "anxin/v1/" + facility + "/+/event")) {
      exit =
          cli.execute(
              "demo",
              "--broker",
              broker.serverUri(),
              "--facility",
              facility,
              "--speed",
              "0",
              "--from",
              "02:10",
              "--for",
              "PT10M");
      Matcher done =
          Pattern.compile("Done: (\\d+) events sent, 0 failed").matcher(printed.toString());
      assertThat(done.find()).as(printed.toString()).isTrue();
      int sent = Integer.parseInt(done.group(1));
      await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count() >= sent);
      received = recorder.received().stream().map(MqttRecorder.Received::payload).toList();
      assertThat(received).hasSize(sent);
    }

    assertThat(exit).isZero();
    assertThat(printed.toString())
        .contains("mosquitto_sub -h " + broker.host() + " -p " + broker.port() + " -t 'anxin/#' -v")
        .containsPattern(
            "!! 02:13:00  anxin/v1/"
                + facility
                + "/"
                + facility
                + "-r012-fall/event  \\{\"v\":1,.*\"type\":\"fall\"");
    EventCodec codec = new EventCodec();
    List<Event> falls =
        received.stream()
            .flatMap(p -> codec.decode(p).events().stream())
            .filter(e -> e.type() == EventType.FALL)
            .toList();
    assertThat(falls).singleElement().extracting(Event::dev).isEqualTo(facility + "-r012-fall");
  }
}
