package anxin.alerting.digest;

import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.escalation.DigestPolicy;
import anxin.alerting.escalation.FacilityEscalation;
import anxin.alerting.escalation.Roster;
import anxin.alerting.escalation.Staff;
import anxin.alerting.notify.MessageKind;
import anxin.alerting.notify.OutgoingMessage;
import anxin.alerting.notify.Param;
import anxin.alerting.outbox.JdbcOutbox.Standalone;
import anxin.alerting.store.JdbcAlertStore.Facility;
import anxin.alerting.store.JdbcAlertStore.RuleCount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a facility's digest sends: one {@link MessageKind#DAILY_DIGEST} per recipient and channel,
 * carrying only counts (no resident, no room). Pure: the same counts, policy and roster always give
 * the same messages with the same dedup keys, so writing them twice sends them once.
 */
final class DigestMessages {

  private DigestMessages() {}

  /** {@code digest-<facility>-<date>}: the outbox's {@code alert_id} of a day's digest. */
  static String pseudoAlertId(String facility, LocalDate date) {
    return "digest-" + facility + "-" + date;
  }

  /** {@code digest/<facility>/<date>/<recipientKey>/<channel>}. */
  static String dedupKey(String facility, LocalDate date, String recipientKey, Channel channel) {
    return "digest/" + facility + "/" + date + "/" + recipientKey + "/" + channel.wireName();
  }

  /**
   * The digest's messages; none when no alert was opened in the period, the digest is off, or
   * nobody in its audience has an address on its channels. Recipients are read from the roster at
   * the digest's time ({@link DigestSlot#until()}), not at the time of sending, so that a late run
   * writes the same rows. A webhook target shared by several recipients (a group robot) gets the
   * digest once, for the first of them.
   *
   * @param counts P3 alerts opened in the slot's period, by rule
   */
  static List<Standalone> compose(
      Facility facility,
      DigestSlot slot,
      List<RuleCount> counts,
      FacilityEscalation config,
      Roster roster) {
    DigestPolicy policy = config.digest();
    if (!policy.enabled() || counts.isEmpty()) {
      return List.of();
    }
    Map<String, String> params = params(facility, slot.date(), counts);
    List<Standalone> out = new ArrayList<>();
    Set<String> webhooks = new HashSet<>();
    for (Staff s : policy.recipients(roster, slot.until())) {
      String language = s.language() != null ? s.language() : config.language();
      String recipientKey = "staff." + s.id();
      for (Channel channel : Channel.values()) {
        if (!policy.channels().contains(channel)) {
          continue;
        }
        String address =
            switch (channel) {
              case CONSOLE -> s.id();
              case WEBHOOK -> s.webhook();
              case SMS -> null; // never: the policy refuses it
            };
        if (address == null
            || address.isBlank()
            || (channel == Channel.WEBHOOK && !webhooks.add(address))) {
          continue;
        }
        String key = dedupKey(facility.id(), slot.date(), recipientKey, channel);
        OutgoingMessage m =
            new OutgoingMessage(
                key,
                channel == Channel.CONSOLE
                    ? anxin.alerting.notify.Channel.CONSOLE
                    : anxin.alerting.notify.Channel.WEBHOOK,
                address,
                language,
                MessageKind.DAILY_DIGEST,
                params);
        out.add(
            new Standalone(
                m,
                pseudoAlertId(facility.id(), slot.date()),
                facility.id(),
                recipientKey,
                slot.until()));
      }
    }
    return out;
  }

  /** The template params: facility name, date, totals and {@link Param#BY_RULE}. */
  static Map<String, String> params(Facility facility, LocalDate date, List<RuleCount> counts) {
    int opened = 0;
    int active = 0;
    StringBuilder byRule = new StringBuilder();
    for (RuleCount c : counts) {
      opened += c.opened();
      active += c.active();
      byRule.append(byRule.length() == 0 ? "" : ",");
      byRule.append(c.rule().wireName()).append('=').append(c.opened()).append('/');
      byRule.append(c.active());
    }
    Map<String, String> p = new HashMap<>();
    String name = facility.name() == null || facility.name().isBlank() ? null : facility.name();
    p.put(Param.FACILITY.key(), name != null ? name : facility.id());
    p.put(Param.DATE.key(), date.toString());
    p.put(Param.COUNT.key(), Integer.toString(opened));
    p.put(Param.OPEN.key(), Integer.toString(active));
    p.put(Param.BY_RULE.key(), byRule.toString());
    return p;
  }
}
