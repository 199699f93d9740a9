package anxin.alerting.notify.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.notify.Channel;
import anxin.alerting.notify.Delivery;
import anxin.alerting.notify.Messages;
import anxin.alerting.notify.NotifyConfig;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Param;
import anxin.alerting.notify.ResidentDisplay;
import anxin.alerting.notify.SmppConfig;
import anxin.alerting.notify.SmsText;
import anxin.alerting.notify.Templates;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A hang is a failure, not a stuck build.
@Timeout(30)
class SmppSenderTest {

  private int port;
  private FakeSmsc smsc;
  private SmppSender sender;

  @BeforeEach
  void start() throws Exception {
    port = FakeSmsc.freePort();
    smsc = new FakeSmsc(port);
  }

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    smsc.close();
  }

  private SmppSender sender(Templates templates, Map<String, String> extra) {
    sender = new SmppSender(config(extra), templates);
    return sender;
  }

  private SmppConfig config(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>();
    s.put("notify.sms", "smpp");
    s.put("sms.smpp.host", "127.0.0.1");
    s.put("sms.smpp.port", "" + port);
    s.put("sms.smpp.system-id", "anxin");
    s.put("sms.smpp.password", "pw");
    s.put("sms.smpp.source-addr", "10690000");
    s.put("sms.smpp.timeout", "2s");
    s.put("sms.smpp.bind-timeout", "2s");
    s.put("sms.smpp.rebind-delay", "100ms");
    // The backoff doubles per failed rebind: capped low, an SMSC that is back is bound again
    // within a second, however long it was away on a loaded machine.
    s.put("sms.smpp.rebind-max-delay", "1s");
    s.putAll(extra);
    return NotifyConfig.parse(s).smpp();
  }

  private SmppSender sender() {
    return sender(Templates.defaults(), Map.of());
  }

  private static Delivery await(CompletableFuture<Delivery> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void zhCN_isSubmittedAsUcs2_inOneSegment() throws Exception {
    OutgoingMessage m = Messages.fall(Channel.SMS, Messages.PHONE, "zh-CN");

    assertThat(await(sender().send(m)).isDelivered()).isTrue();

    SubmitSm submit = smsc.submits.get(0);
    assertThat(smsc.submits).hasSize(1);
    assertThat(submit.getDataCoding()).isEqualTo((byte) 0x08);
    assertThat(submit.isUdhi()).isFalse();
    assertThat(submit.getDestAddress()).isEqualTo(Messages.PHONE);
    assertThat(submit.getSourceAddr()).isEqualTo("10690000");
    assertThat(new String(submit.getShortMessage(), StandardCharsets.UTF_16BE))
        .isEqualTo(Templates.defaults().render(m).text())
        .startsWith("【紧急】跌倒");
  }

  @Test
  void en_isSubmittedAsGsm7() throws Exception {
    Map<String, String> p = Messages.with(Messages.fallParams(), Param.FACILITY, "Sunshine Care");
    p.put(Param.RESIDENT_INITIALS.key(), "M.H.");
    OutgoingMessage m = new OutgoingMessage("k", Channel.SMS, Messages.PHONE, "en", m().kind(), p);

    assertThat(await(sender().send(m)).isDelivered()).isTrue();

    SubmitSm submit = smsc.submits.get(0);
    assertThat(submit.getDataCoding()).isEqualTo((byte) 0x00);
    assertThat(SmsText.decodeGsm7(submit.getShortMessage()))
        .isEqualTo(Templates.defaults().render(m).text())
        .startsWith("[Urgent] Fall: Sunshine Care, room 302, resident M.H.");
  }

  private static OutgoingMessage m() {
    return Messages.fall(Channel.SMS, Messages.PHONE, "en");
  }

  @Test
  void longMessage_isSplitIntoUdhParts_thatReassembleToTheText() throws Exception {
    Templates fullNames = new Templates(ResidentDisplay.FULL_NAME);
    Map<String, String> p =
        Messages.with(Messages.fallParams(), Param.RESIDENT_NAME, "欧阳".repeat(40));
    OutgoingMessage m =
        new OutgoingMessage("k", Channel.SMS, Messages.PHONE, "zh-CN", m().kind(), p);
    String text = fullNames.render(m).text();
    assertThat(SmsText.segments(text)).isEqualTo(2);

    assertThat(await(sender(fullNames, Map.of()).send(m)).isDelivered()).isTrue();

    List<SubmitSm> parts = smsc.submits;
    assertThat(parts).hasSize(2);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < parts.size(); i++) {
      SubmitSm part = parts.get(i);
      byte[] sm = part.getShortMessage();
      assertThat(part.isUdhi()).isTrue();
      assertThat(part.getDataCoding()).isEqualTo((byte) 0x08);
      assertThat(Arrays.copyOfRange(sm, 0, 3)).containsExactly(0x05, 0x00, 0x03);
      assertThat(sm[3]).isEqualTo(parts.get(0).getShortMessage()[3]);
      assertThat(sm[4]).isEqualTo((byte) 2);
      assertThat(sm[5]).isEqualTo((byte) (i + 1));
      assertThat(sm.length - 6).isLessThanOrEqualTo(SmsText.UCS2_PART * 2);
      joined.write(sm, 6, sm.length - 6);
    }
    assertThat(new String(joined.toByteArray(), StandardCharsets.UTF_16BE)).isEqualTo(text);
  }

  @Test
  void longGsmMessage_neverSplitsAnEscapePair() {
    String text = "a".repeat(152) + "€" + "b".repeat(20);

    SmsParts parts = SmsParts.of(text, 7);

    assertThat(parts.payloads()).hasSize(2);
    assertThat(parts.payloads().get(0).length - 6).isEqualTo(152);
    StringBuilder joined = new StringBuilder();
    for (byte[] p : parts.payloads()) {
      joined.append(SmsText.decodeGsm7(Arrays.copyOfRange(p, 6, p.length)));
    }
    assertThat(joined.toString()).isEqualTo(text);
  }

  @Test
  void throttled_isRetryable_invalidDestination_isNot() throws Exception {
    sender();
    smsc.status = SMPPConstant.STAT_ESME_RTHROTTLED;
    assertThat(await(sender.send(m())))
        .isEqualTo(Delivery.failed(true, "submit_sm_resp status 0x58"));

    smsc.status = SMPPConstant.STAT_ESME_RINVDSTADR;
    assertThat(await(sender.send(m())))
        .isEqualTo(Delivery.failed(false, "submit_sm_resp status 0xb"));
  }

  @Test
  void noSmsc_failsRetryable() throws Exception {
    smsc.close();

    assertThat(await(sender().send(m()))).isEqualTo(Delivery.failed(true, "SMPP not bound"));
  }

  @Test
  void smscGoesAway_failsRetryable_thenRebindsWhenItIsBack() throws Exception {
    assertThat(await(sender().send(m())).isDelivered()).isTrue();

    smsc.close();
    Delivery whileGone = await(sender.send(m()));
    assertThat(whileGone).isInstanceOf(Delivery.Failed.class);
    assertThat(((Delivery.Failed) whileGone).retryable()).isTrue();

    smsc = new FakeSmsc(port);
    assertThat(smsc.binds.tryAcquire(30, TimeUnit.SECONDS)).as("background rebind").isTrue();
    assertThat(await(sender.send(m())).isDelivered()).isTrue();
    assertThat(smsc.submits).hasSize(1);
  }

  @Test
  void droppedSession_isReboundInTheBackground() throws Exception {
    assertThat(await(sender().send(m())).isDelivered()).isTrue();
    assertThat(smsc.binds.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

    smsc.dropSessions();

    assertThat(smsc.binds.tryAcquire(10, TimeUnit.SECONDS)).as("rebound without a send").isTrue();
    assertThat(await(sender.send(m())).isDelivered()).isTrue();
  }

  @Test
  void sessionASubmitFoundBroken_isReboundInTheBackground() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    SmppLink link = new SmppLink(config(Map.of()), scheduler);
    try {
      SMPPSession first = link.session();
      assertThat(smsc.binds.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

      // As a submit that failed on it would: the session's own CLOSED event then finds it
      // dropped already, so the rebind must come from here.
      link.broken(first);

      assertThat(smsc.binds.tryAcquire(10, TimeUnit.SECONDS)).as("rebound without a send").isTrue();
    } finally {
      link.close();
      scheduler.shutdownNow();
    }
  }

  @Test
  void idleSession_sendsEnquireLink() throws Exception {
    sender(Templates.defaults(), Map.of("sms.smpp.enquire-link", "200ms"));
    assertThat(await(sender.send(m())).isDelivered()).isTrue();

    assertThat(smsc.enquireLinks.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
  }
}
