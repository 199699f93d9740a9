package anxin.alerting.notify.smpp;

import anxin.alerting.notify.SmppConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SMPP session: bound on first use, kept alive by jSMPP's {@code enquire_link} timer, and
 * when it closes (the SMSC went away, an {@code enquire_link} went unanswered) rebound in the
 * background after {@link SmppConfig#rebindDelay()}, doubling up to {@link
 * SmppConfig#rebindMaxDelay()}. A sender that finds no bound session binds inline.
 */
final class SmppLink {

  private static final Logger LOG = LoggerFactory.getLogger(SmppLink.class);

  private final SmppConfig config;
  private final ScheduledExecutorService scheduler;
  private SMPPSession session;
  private long nextDelayMillis;
  private boolean rebindScheduled;
  private boolean closed;

  SmppLink(SmppConfig config, ScheduledExecutorService scheduler) {
    this.config = config;
    this.scheduler = scheduler;
    this.nextDelayMillis = config.rebindDelay().toMillis();
  }

  /** A bound session, binding one now if needed. */
  synchronized SMPPSession session() throws IOException {
    if (closed) {
      throw new IOException("SMPP sender closed");
    }
    if (session != null && session.getSessionState().isTransmittable()) {
      return session;
    }
    return bind();
  }

  /**
   * Drops a session a submit found broken and rebinds in the background, as when the session closes
   * by itself: its CLOSED event, if it comes, finds the session already dropped and does nothing,
   * so the rebind is scheduled here.
   */
  synchronized void broken(SMPPSession s) {
    if (s == session) {
      session = null;
      s.close();
      scheduleRebind();
    }
  }

  private SMPPSession bind() throws IOException {
    if (session != null) {
      session.close();
      session = null;
    }
    SMPPSession s = new SMPPSession();
    s.setTransactionTimer(config.timeout().toMillis());
    s.setMessageReceiverListener(new InboundIgnored());
    s.setEnquireLinkTimer((int) Math.min(config.enquireLink().toMillis(), Integer.MAX_VALUE));
    BindParameter bind =
        new BindParameter(
            config.transceiver() ? BindType.BIND_TRX : BindType.BIND_TX,
            config.systemId(),
            config.password(),
            config.systemType(),
            TypeOfNumber.UNKNOWN,
            NumberingPlanIndicator.UNKNOWN,
            null);
    // Called on jSMPP's threads while they hold the session's locks: hand over, never lock here.
    // Added before the bind, so that a session closing the moment it is bound is not missed.
    s.addSessionStateListener(
        (newState, oldState, source) -> {
          if (newState == SessionState.CLOSED) {
            try {
              scheduler.execute(() -> lost(s));
            } catch (RejectedExecutionException e) {
              // closing
            }
          }
        });
    try {
      s.connectAndBind(config.host(), config.port(), bind, config.bindTimeout().toMillis());
    } catch (IOException e) {
      s.close();
      LOG.warn("smpp {}:{}: bind failed: {}", config.host(), config.port(), e.getMessage());
      scheduleRebind();
      throw e;
    }
    session = s;
    nextDelayMillis = config.rebindDelay().toMillis();
    LOG.info("smpp {}:{}: bound as {}", config.host(), config.port(), bind.getBindType());
    return s;
  }

  private synchronized void lost(SMPPSession s) {
    if (s != session || closed) {
      return;
    }
    session = null;
    LOG.warn("smpp {}:{}: session lost, rebinding", config.host(), config.port());
    scheduleRebind();
  }

  private void scheduleRebind() {
    if (rebindScheduled || closed) {
      return;
    }
    rebindScheduled = true;
    long delay = nextDelayMillis;
    nextDelayMillis = Math.min(delay * 2, config.rebindMaxDelay().toMillis());
    try {
      scheduler.schedule(this::rebind, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      rebindScheduled = false; // closing
    }
  }

  private synchronized void rebind() {
    rebindScheduled = false;
    if (closed || (session != null && session.getSessionState().isTransmittable())) {
      return;
    }
    try {
      bind();
    } catch (IOException e) {
      // bind() logged it and scheduled the next attempt
    }
  }

  /** The wait before the next background rebind. */
  synchronized Duration nextRebindDelay() {
    return Duration.ofMillis(nextDelayMillis);
  }

  void close() {
    SMPPSession s;
    synchronized (this) {
      closed = true;
      s = session;
      session = null;
    }
    if (s != null) {
      s.unbindAndClose();
    }
  }
}
