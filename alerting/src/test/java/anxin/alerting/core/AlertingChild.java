package anxin.alerting.core;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.outbox.JdbcOutbox;
import anxin.ingest.jdbc.Database;
import anxin.protocol.EventType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * An alerting process for {@link AlertingKillIT}: the {@link CoreRig} over the database, every
 * channel an HTTP POST of the message's dedup key to the test's recorder, so what was sent is
 * observed outside the process that is killed.
 *
 * <p>Arguments: {@code jdbcUrl user password recorderUrl [fall]}; with {@code fall}, dev-1 reports
 * a fall once started. Prints {@code READY} when running.
 */
public final class AlertingChild {

  private AlertingChild() {}

  public static void main(String[] args) throws Exception {
    Database database = Database.open(args[0], args[1], args[2], 4);
    JdbcOutbox.migrate(database.dataSource());
    CoreRig rig =
        new CoreRig(database.dataSource(), new Poster(URI.create(args[3])), CoreRig.fastSettings());
    if (args.length > 4 && args[4].equals("fall")) {
      rig.core.submit(CoreRig.observation("dev-1", 1, EventType.FALL, Map.of()));
    }
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await(); // until killed
  }

  /** Posts the dedup key; delivered on 2xx. */
  private static final class Poster implements ChannelSender {
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;

    Poster(URI target) {
      this.target = target;
    }

    @Override
    public CompletableFuture<Delivery> send(OutgoingMessage m) {
      HttpRequest request =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofSeconds(5))
              .POST(HttpRequest.BodyPublishers.ofString(m.dedupKey()))
              .build();
      return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .thenApply(
              r ->
                  r.statusCode() / 100 == 2
                      ? Delivery.delivered()
                      : Delivery.failed(true, "HTTP " + r.statusCode()));
    }
  }
}
