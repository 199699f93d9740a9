package anxin.alerting.notify.smpp;

import anxin.alerting.notify.ChannelSender;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Privacy;
import anxin.alerting.notify.SmppConfig;
import anxin.alerting.notify.Templates;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link anxin.alerting.notify.Channel#SMS} messages over SMPP 3.4. jSMPP's submit is
 * blocking, so submits run on this sender's own {@link SmppConfig#maxInFlight()} threads with a
 * queue of {@link SmppConfig#maxQueued()}; callers get a future at once. Delivered when every
 * part's {@code submit_sm_resp} is OK. Failed retryable on I/O errors, a lost or unbindable
 * session, response timeouts and the SMSC's temporary refusals (throttled, queue full, system
 * error, submit failed, temporary application error); not retryable on other statuses such as an
 * invalid destination address.
 */
public final class SmppSender implements ChannelSender {

  private static final Logger LOG = LoggerFactory.getLogger(SmppSender.class);

  private static final Set<Integer> RETRYABLE_STATUSES =
      Set.of(
          SMPPConstant.STAT_ESME_RSYSERR,
          SMPPConstant.STAT_ESME_RMSGQFUL,
          SMPPConstant.STAT_ESME_RTHROTTLED,
          SMPPConstant.STAT_ESME_RSUBMITFAIL,
          SMPPConstant.STAT_ESME_RX_T_APPN);

  private final SmppConfig config;
  private final Templates templates;
  private final SmppLink link;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger reference = new AtomicInteger();
  private final Set<CompletableFuture<Delivery>> pending = ConcurrentHashMap.newKeySet();

  /**
   * Creates the sender; the session binds on the first send.
   *
   * @param config the SMSC
   * @param templates renders the texts
   */
  public SmppSender(SmppConfig config, Templates templates) {
    this.config = config;
    this.templates = templates;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            config.maxInFlight(),
            config.maxInFlight(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.maxQueued()),
            r -> daemon(r, "anxin-smpp-" + n.incrementAndGet()));
    workers.allowCoreThreadTimeOut(true);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "anxin-smpp-rebind"));
    this.link = new SmppLink(config, scheduler);
  }

  @Override
  public CompletableFuture<Delivery> send(OutgoingMessage m) {
    String masked = Privacy.maskPhone(m.address());
    SmsParts parts;
    try {
      parts = SmsParts.of(templates.render(m).text(), reference.incrementAndGet());
    } catch (IllegalArgumentException e) {
      LOG.warn("smpp {}: cannot render {}: {}", masked, m.dedupKey(), e.getMessage());
      return CompletableFuture.completedFuture(
          Delivery.failed(false, "template: " + e.getMessage()));
    }
    CompletableFuture<Delivery> result = new CompletableFuture<>();
    pending.add(result);
    result.whenComplete((d, e) -> pending.remove(result));
    // Backstop: a bind and every part's response, each bounded by jSMPP's own timers.
    long budget =
        config.bindTimeout().toMillis()
            + config.timeout().toMillis() * parts.payloads().size()
            + 1000;
    result.completeOnTimeout(Delivery.failed(true, "timeout"), budget, TimeUnit.MILLISECONDS);
    try {
      workers.execute(() -> result.complete(submit(m, masked, parts)));
    } catch (RejectedExecutionException e) {
      result.complete(Delivery.failed(true, "smpp queue full"));
    }
    return result.thenApply(d -> logged(m, masked, d));
  }

  private Delivery submit(OutgoingMessage m, String masked, SmsParts parts) {
    SMPPSession session;
    try {
      session = link.session();
    } catch (IOException e) {
      return Delivery.failed(true, "SMPP not bound");
    }
    ESMClass esm =
        parts.udh()
            ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI)
            : new ESMClass();
    try {
      for (byte[] payload : parts.payloads()) {
        String id =
            session
                .submitShortMessage(
                    "",
                    TypeOfNumber.valueOf((byte) config.sourceTon()),
                    NumberingPlanIndicator.valueOf((byte) config.sourceNpi()),
                    config.sourceAddr(),
                    TypeOfNumber.valueOf((byte) config.destTon()),
                    NumberingPlanIndicator.valueOf((byte) config.destNpi()),
                    m.address(),
                    esm,
                    (byte) 0,
                    (byte) 0,
                    null,
                    null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT),
                    (byte) 0,
                    new RawDataCoding(parts.dataCoding()),
                    (byte) 0,
                    payload)
                .getMessageId();
        LOG.debug("smpp {}: {} part accepted as {}", masked, m.dedupKey(), id);
      }
      return Delivery.delivered();
    } catch (NegativeResponseException e) {
      int status = e.getCommandStatus();
      return Delivery.failed(
          RETRYABLE_STATUSES.contains(status),
          "submit_sm_resp status 0x" + Integer.toHexString(status));
    } catch (ResponseTimeoutException e) {
      return Delivery.failed(true, "submit_sm_resp timeout");
    } catch (IOException e) {
      link.broken(session);
      return Delivery.failed(true, "I/O error: " + e.getClass().getSimpleName());
    } catch (PDUException | InvalidResponseException | IllegalArgumentException e) {
      return Delivery.failed(false, "bad PDU: " + e.getClass().getSimpleName());
    }
  }

  private static Delivery logged(OutgoingMessage m, String masked, Delivery d) {
    if (d instanceof Delivery.Failed f) {
      LOG.warn(
          "smpp {}: {} failed ({}, retryable={})", masked, m.dedupKey(), f.reason(), f.retryable());
    } else {
      LOG.debug("smpp {}: {} accepted by SMSC", masked, m.dedupKey());
    }
    return d;
  }

  /** Unbinds, stops the threads and fails what has not been submitted, retryable. */
  @Override
  public void close() {
    workers.shutdownNow();
    scheduler.shutdownNow();
    link.close();
    for (CompletableFuture<Delivery> f : pending) {
      f.complete(Delivery.failed(true, "smpp sender closed"));
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
