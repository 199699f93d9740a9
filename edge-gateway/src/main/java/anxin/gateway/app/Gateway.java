package anxin.gateway.app;

import anxin.gateway.fallback.AlarmLog;
import anxin.gateway.fallback.CommandWebhookActions;
import anxin.gateway.fallback.LocalFallback;
import anxin.gateway.journal.SegmentedJournal;
import anxin.gateway.local.AdapterCounters;
import anxin.gateway.local.Admission;
import anxin.gateway.local.JournalIntake;
import anxin.gateway.local.coap.LocalCoapServer;
import anxin.gateway.local.paho.MqttAdapter;
import anxin.gateway.local.paho.Zigbee2MqttAdapter;
import anxin.gateway.uplink.Uplink;
import anxin.gateway.zigbee.Z2mState;
import anxin.gateway.zigbee.Z2mTranslator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled gateway (docs/gateway.md): local adapters → {@link JournalIntake} → journal →
 * uplink, with the local fallback listening to what is stored and the alarm log riding on the
 * uplink's status message. {@link #close} stops the adapters first, so nothing arrives that cannot
 * be stored, then the uplink, then the files.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final List<AutoCloseable> closeInOrder = new ArrayList<>();
  private final AdapterCounters counters = new AdapterCounters();
  private Uplink uplink;
  private LocalFallback fallback;
  private SegmentedJournal journal;
  private LocalCoapServer coap;

  private Gateway() {}

  /**
   * Opens the files and starts everything; on failure closes what was started and throws.
   *
   * @param clock the wall clock (the fallback's and the Zigbee2MQTT events' time)
   */
  public static Gateway start(GatewayConfig config, Clock clock) throws IOException {
    Gateway g = new Gateway();
    try {
      g.startAll(config, clock);
      return g;
    } catch (IOException | RuntimeException e) {
      g.close();
      throw e;
    }
  }

  private void startAll(GatewayConfig c, Clock clock) throws IOException {
    log.info("gateway: starting {}", c);
    Files.createDirectories(c.dataDir());
    journal = SegmentedJournal.open(c.dataDir().resolve("journal"), c.journal());
    log.info("gateway: journal {}", journal.recovery());
    AlarmLog alarms = AlarmLog.open(c.dataDir().resolve("local-alarms.jsonl"));
    uplink = Uplink.start(c.uplink(), journal, alarms);
    CommandWebhookActions actions =
        new CommandWebhookActions(c.fallback(), c.facility(), c.gateway());
    fallback =
        new LocalFallback(
            c.fallback(), clock, () -> uplink.state() == Uplink.State.ONLINE, alarms, actions);
    // closed last to first: journal and alarm log after the uplink, the uplink after the adapters
    closeInOrder.add(0, journal);
    closeInOrder.add(0, alarms);
    closeInOrder.add(0, actions);
    closeInOrder.add(0, uplink);

    JournalIntake intake =
        new JournalIntake(journal, counters)
            .onStored(
                events -> {
                  if (events.stream().anyMatch(e -> e.type().isAlarm())) {
                    uplink.wakeForAlarm();
                  } else {
                    uplink.wake();
                  }
                })
            .onStored(fallback::onStored);
    Admission admission = new Admission(c.facility(), c.devices(), counters);

    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "anxin-gateway-tick");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    ticker.scheduleWithFixedDelay(this::logCounters, 5, 5, TimeUnit.MINUTES);
    closeInOrder.add(0, ticker::shutdownNow);

    if (c.lanBroker() != null && c.lanSensors()) {
      if (c.uplink().serverUris().contains(c.lanBroker().serverUri())) {
        log.warn(
            "gateway: the LAN broker is the platform's broker; the platform sees sensors twice");
      }
      closeInOrder.add(
          0,
          MqttAdapter.start(
              c.lanBroker(), "anxin-gw-" + c.gateway() + "-lan", admission, intake, counters));
    }
    if (c.z2mMapping() != null) {
      Z2mState state = Z2mState.open(c.dataDir().resolve("z2m-state.json"));
      closeInOrder.add(
          0,
          Zigbee2MqttAdapter.start(
              c.lanBroker(),
              "anxin-gw-" + c.gateway() + "-z2m",
              new Z2mTranslator(c.z2mMapping(), state),
              state,
              admission,
              intake,
              counters,
              clock));
    }
    if (c.coapAddress() != null) {
      coap = new LocalCoapServer(c.coapAddress(), admission, intake, counters);
      coap.start();
      closeInOrder.add(0, coap);
    }
    log.info("gateway: started");
  }

  private void tick() {
    try {
      fallback.tick();
    } catch (RuntimeException e) {
      log.error("gateway: fallback tick failed", e);
    }
  }

  private void logCounters() {
    log.info(
        "gateway: uplink {} {}; journal {} queued, {} evicted; adapters {}",
        uplink.state(),
        uplink.stats(),
        journal.size(),
        journal.evicted(),
        counters);
  }

  public Uplink uplink() {
    return uplink;
  }

  public AdapterCounters counters() {
    return counters;
  }

  /** The local CoAP server's bound address, when it runs. */
  public Optional<InetSocketAddress> coapAddress() {
    return Optional.ofNullable(coap).map(LocalCoapServer::address);
  }

  /** Events in the journal, not yet acknowledged by the platform's broker. */
  public int queued() {
    return journal.size();
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeInOrder) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("gateway: closing {} failed", c, e);
      }
    }
    closeInOrder.clear();
    log.info("gateway: stopped");
  }
}
