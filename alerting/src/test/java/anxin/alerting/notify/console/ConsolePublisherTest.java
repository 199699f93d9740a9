package anxin.alerting.notify.console;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.notify.Channel;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.Messages;
import anxin.alerting.notify.Templates;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsolePublisherTest {

  private final ConsolePublisher console = new ConsolePublisher(Templates.defaults(), 2);

  @AfterEach
  void close() {
    console.close();
  }

  private static Delivery await(CompletableFuture<Delivery> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  @Test
  void send_everySubscriberGetsTheRenderedMessage() throws Exception {
    List<ConsoleMessage> a = new CopyOnWriteArrayList<>();
    List<ConsoleMessage> b = new CopyOnWriteArrayList<>();
    console.subscribe(a::add);
    console.subscribe(b::add);

    Delivery d = await(console.send(Messages.fall(Channel.CONSOLE, "facility-1", "zh-CN")));

    assertThat(d.isDelivered()).isTrue();
    assertThat(a).hasSize(1).isEqualTo(b);
    ConsoleMessage m = a.get(0);
    assertThat(m.topic()).isEqualTo("facility-1");
    assertThat(m.title()).isEqualTo("紧急:跌倒");
    assertThat(m.link()).isEqualTo("https://console.example/alerts/A1234");
    assertThat(m.params()).containsEntry("resident", "张某").containsEntry("alert_id", "A1234");
    assertThat(m.params().toString()).doesNotContain(Messages.FULL_NAME);
  }

  @Test
  void unsubscribed_listenerGetsNothing() throws Exception {
    List<ConsoleMessage> kept = new CopyOnWriteArrayList<>();
    List<ConsoleMessage> gone = new CopyOnWriteArrayList<>();
    console.subscribe(kept::add);
    Consumer<ConsoleMessage> leaving = gone::add;
    console.subscribe(leaving);
    ConsolePublisher.Subscription viaClose = console.subscribe(gone::add);

    console.unsubscribe(leaving);
    viaClose.close();
    await(console.send(Messages.fall(Channel.CONSOLE, "*", "en")));

    assertThat(kept).hasSize(1);
    assertThat(gone).isEmpty();
    assertThat(console.subscribers()).isEqualTo(1);
  }

  @Test
  void throwingListener_doesNotStopTheOthers() throws Exception {
    List<ConsoleMessage> after = new CopyOnWriteArrayList<>();
    console.subscribe(
        m -> {
          throw new IllegalStateException("SSE client gone");
        });
    console.subscribe(after::add);

    assertThat(await(console.send(Messages.fall(Channel.CONSOLE, "*", "en"))).isDelivered())
        .isTrue();
    assertThat(await(console.send(Messages.fall(Channel.CONSOLE, "*", "en"))).isDelivered())
        .isTrue();

    assertThat(after).hasSize(2);
  }

  @Test
  void noSubscriber_failsRetryable() throws Exception {
    assertThat(await(console.send(Messages.fall(Channel.CONSOLE, "*", "en"))))
        .isEqualTo(Delivery.failed(true, "no console subscribers"));
  }

  @Test
  void fullQueue_failsRetryable_andCloseFailsWhatIsPending() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    console.subscribe(
        m -> {
          entered.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    CompletableFuture<Delivery> first = console.send(Messages.fall(Channel.CONSOLE, "*", "en"));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Delivery> queued1 = console.send(Messages.fall(Channel.CONSOLE, "*", "en"));
    CompletableFuture<Delivery> queued2 = console.send(Messages.fall(Channel.CONSOLE, "*", "en"));

    Delivery refused = await(console.send(Messages.fall(Channel.CONSOLE, "*", "en")));

    assertThat(refused).isEqualTo(Delivery.failed(true, "console queue full"));
    console.close();
    release.countDown();
    assertThat(await(queued1)).isEqualTo(Delivery.failed(true, "console closed"));
    assertThat(await(queued2)).isEqualTo(Delivery.failed(true, "console closed"));
    assertThat(await(first)).isNotNull();
  }
}
