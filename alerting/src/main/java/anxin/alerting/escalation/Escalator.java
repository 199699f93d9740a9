package anxin.alerting.escalation;

import anxin.alerting.Alert;
import anxin.alerting.AlertState;
import anxin.alerting.DeviceCommand;
import anxin.alerting.NotificationIntent;
import anxin.alerting.NotificationIntent.Channel;
import anxin.alerting.NotificationIntent.MessageKind;
import anxin.alerting.NotificationIntent.Recipient;
import anxin.alerting.RuleId;
import anxin.alerting.Severity;
import anxin.alerting.escalation.Audiences.Person;
import anxin.protocol.Ids;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Escalation of open alerts (DESIGN §5): which policy steps are due, whom they page on which
 * channel, reminders, and what acknowledgement and resolution send. Pure: no threads, no I/O, no
 * clock of its own; the caller passes {@code now} and calls {@link #tick} at least every 250 ms,
 * from one thread at a time.
 *
 * <p>Step {@code k} is due at the alert's opening + its delay. A step whose audience reaches nobody
 * (nobody on duty in the zone, no address for any of its channels) falls through: the next step is
 * due at once. After the last step, the audience of the last step that reached someone is reminded
 * every {@code remind-every}, looked up again each time. Acknowledgement stops all of it and sends
 * the device {@code reassure}; resolution sends the outcome to the family contacts who were told.
 * Non-P1 family SMS inside the contact's quiet hours, and SMS of a severity with {@code
 * sms-at-night=false} inside the facility's night, are held back until the window ends; an
 * escalation message held back is dropped when the alert is acknowledged or resolved first.
 *
 * <p>Due times wait in a binary heap: O(log n) per scheduled step, reminder or held message; a tick
 * costs O((k + s) log n) for k due entries and s stale ones (of stopped alerts), never a scan.
 */
public final class Escalator {

  private enum Kind {
    STEP,
    REMINDER,
    HELD
  }

  private record Due(
      long at,
      long order,
      Kind kind,
      Track track,
      int generation,
      NotificationIntent held,
      Person person)
      implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final Directory directory;
  private final Map<String, Track> tracks = new HashMap<>();
  private final PriorityQueue<Due> queue = new PriorityQueue<>();
  private long order;

  /**
   * @param directory policies, rosters and family contacts per facility
   */
  public Escalator(Directory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * Starts escalating a newly opened alert and takes every step already due (step 1 at once with
   * the default policies). Ignored for an alert already known or not open.
   */
  public Paging opened(Alert alert, Instant now) {
    if (alert.state() != AlertState.OPEN || tracks.containsKey(alert.id())) {
      return Paging.NONE;
    }
    FacilityEscalation config = directory.escalation(alert.facility());
    Track t = new Track(alert, config.policy(alert.severity()));
    tracks.put(alert.id(), t);
    Paging.Builder out = new Paging.Builder();
    advance(t, now.toEpochMilli(), out);
    return out.build();
  }

  /**
   * Stops escalating: no further steps, reminders or held escalation messages. Sends the alert's
   * device {@code {"cmd":"reassure"}} unless the alert is about a gateway or a silent device (which
   * could not show it); also when the alert is unknown here (e.g. after a restart), since the
   * command's dedup key makes a repeat harmless. Call once per acknowledgement.
   */
  public Paging acknowledged(Alert alert, Instant now) {
    Track t = tracks.get(alert.id());
    if (t != null) {
      t.stop();
    }
    Paging.Builder out = new Paging.Builder();
    if (reassures(alert)) {
      out.commands.add(DeviceCommand.reassure(alert.id(), alert.facility(), alert.device(), now));
    }
    return out.build();
  }

  /**
   * Stops escalating and tells the outcome ({@link MessageKind#RESOLVED_FAMILY}) to every family
   * contact a message was handed on to for this alert and who wants to be told; held back like
   * other non-P1 family SMS in quiet hours.
   */
  public Paging resolved(Alert alert, Instant now) {
    Track t = tracks.remove(alert.id());
    if (t == null) {
      return Paging.NONE;
    }
    t.stop();
    FacilityEscalation config = directory.escalation(alert.facility());
    Roster roster = directory.roster(alert.facility());
    Paging.Builder out = new Paging.Builder();
    long at = now.toEpochMilli();
    for (FamilyContact c : t.told.values()) {
      if (!c.toldOfResolution()) {
        continue;
      }
      Person p = new Person(null, c);
      Recipient r = p.on(Channel.SMS);
      String key = alert.id() + "/resolved/" + p.key() + "/" + Channel.SMS.wireName();
      long hold = holdUntil(t, p, Channel.SMS, at, config, roster);
      NotificationIntent intent =
          intent(key, t, 0, 0, r, Channel.SMS, MessageKind.RESOLVED_FAMILY, p, config, hold, at);
      intent = withOutcome(intent, alert);
      if (hold > at) {
        schedule(hold, Kind.HELD, null, intent, p);
      } else {
        out.intents.add(intent);
      }
    }
    return out.build();
  }

  /** Takes every step, reminder and held message due at or before {@code now}. */
  public Paging tick(Instant now) {
    long nowMillis = now.toEpochMilli();
    Paging.Builder out = new Paging.Builder();
    while (!queue.isEmpty() && queue.peek().at <= nowMillis) {
      Due e = queue.poll();
      Track t = e.track;
      if (e.kind == Kind.HELD) {
        release(e, out);
      } else if (t.generation == e.generation && !t.stopped) {
        if (e.kind == Kind.STEP) {
          advance(t, nowMillis, out);
        } else {
          // After a stall (a tick far behind), send only the latest reminder due, not a burst.
          while (t.nextReminderDue() + t.policy.remindEvery().toMillis() <= nowMillis) {
            t.reminders++;
          }
          remind(t, t.nextReminderDue(), out);
          t.reminders++;
          schedule(t.nextReminderDue(), Kind.REMINDER, t, null, null);
        }
      }
    }
    return out.build();
  }

  /** Alerts being escalated or awaiting resolution (open or acknowledged). */
  public int tracked() {
    return tracks.size();
  }

  private void advance(Track t, long now, Paging.Builder out) {
    List<EscalationStep> steps = t.policy.steps();
    while (!t.stopped && t.next < steps.size()) {
      long due = t.nextStepDue();
      if (due > now) {
        schedule(due, Kind.STEP, t, null, null);
        return;
      }
      takeStep(t, due, out);
    }
    if (!t.stopped && t.policy.reminds()) {
      schedule(t.nextReminderDue(), Kind.REMINDER, t, null, null);
    }
  }

  private void takeStep(Track t, long due, Paging.Builder out) {
    int number = t.next + 1;
    EscalationStep step = t.policy.step(number);
    MessageKind kind = t.reachedStep == 0 ? MessageKind.ALERT : MessageKind.ESCALATION;
    int reached = page(t, number, 0, step, kind, due, out);
    out.steps.add(new Paging.StepTaken(t.alert.id(), number, reached, Instant.ofEpochMilli(due)));
    t.next++;
    t.lastStepDue = due;
    if (reached > 0) {
      t.reachedStep = number;
      t.fallThroughAt = -1;
    } else {
      t.fallThroughAt = due;
    }
  }

  private void remind(Track t, long due, Paging.Builder out) {
    int number = t.reachedStep > 0 ? t.reachedStep : t.policy.steps().size();
    page(t, number, t.reminders + 1, t.policy.step(number), MessageKind.REMINDER, due, out);
  }

  /** Messages the step's audience; returns how many people were reached (now or held back). */
  private int page(
      Track t,
      int number,
      int reminder,
      EscalationStep step,
      MessageKind kind,
      long due,
      Paging.Builder out) {
    FacilityEscalation config = directory.escalation(t.alert.facility());
    Roster roster = directory.roster(t.alert.facility());
    List<Person> people =
        Audiences.resolve(step.audience(), t.alert, roster, directory, Instant.ofEpochMilli(due));
    int reached = 0;
    for (Person p : people) {
      boolean any = false;
      for (Channel channel : Channel.values()) {
        Recipient r = step.channels().contains(channel) ? p.on(channel) : null;
        if (r == null) {
          continue;
        }
        any = true;
        String slot = p.key() + "/" + channel.wireName();
        Long released = t.released.get(slot);
        if (reminder > 0
            && released != null
            && due - released < t.policy.remindEvery().toMillis()) {
          continue; // a held message just left: it is this period's reminder
        }
        String key =
            t.alert.id()
                + "/"
                + number
                + "/"
                + p.key()
                + "/"
                + channel.wireName()
                + (reminder > 0 ? "/r" + reminder : "");
        long hold = holdUntil(t, p, channel, due, config, roster);
        NotificationIntent intent =
            intent(key, t, number, reminder, r, channel, kind, p, config, hold, due);
        if (hold <= due) {
          out.intents.add(intent);
          tell(t, p);
        } else if (t.held.add(slot)) {
          schedule(hold, Kind.HELD, t, intent, p);
        }
      }
      reached += any ? 1 : 0;
    }
    return reached;
  }

  private void release(Due e, Paging.Builder out) {
    NotificationIntent intent = e.held;
    Track t = e.track;
    if (t == null) {
      out.intents.add(intent); // a resolution message: the alert is over, the family still hears
      return;
    }
    String slot = e.person.key() + "/" + intent.channel().wireName();
    t.held.remove(slot);
    if (t.generation == e.generation && !t.stopped) {
      out.intents.add(intent);
      t.released.put(slot, e.at);
      tell(t, e.person);
    }
  }

  private static void tell(Track t, Person p) {
    if (p.isFamily()) {
      t.told.putIfAbsent(p.contact().id(), p.contact());
    }
  }

  /** When a message to the person on the channel may leave: {@code at}, or a window's end. */
  private static long holdUntil(
      Track t, Person p, Channel channel, long at, FacilityEscalation config, Roster roster) {
    if (t.alert.severity() == Severity.P1) {
      return at; // a life-safety page never waits
    }
    Instant now = Instant.ofEpochMilli(at);
    long until = at;
    if (channel == Channel.SMS
        && !t.policy.smsAtNight()
        && config.smsNight().contains(now, roster.zone())) {
      until = Math.max(until, config.smsNight().endAfter(now, roster.zone()).toEpochMilli());
    }
    if (p.isFamily()) {
      DailyWindow quiet =
          p.contact().quietHours() != null ? p.contact().quietHours() : config.familyQuietHours();
      if (quiet.contains(now, roster.zone())) {
        until = Math.max(until, quiet.endAfter(now, roster.zone()).toEpochMilli());
      }
    }
    return until;
  }

  private static NotificationIntent intent(
      String key,
      Track t,
      int step,
      int reminder,
      Recipient r,
      Channel channel,
      MessageKind kind,
      Person p,
      FacilityEscalation config,
      long hold,
      long due) {
    Alert a = t.alert;
    return new NotificationIntent(
        key,
        a.id(),
        a.facility(),
        a.rule(),
        a.severity(),
        a.room(),
        a.resident(),
        step,
        reminder,
        r,
        channel,
        kind,
        p.language(config),
        null,
        Instant.ofEpochMilli(Math.max(hold, due)));
  }

  private void schedule(long at, Kind kind, Track t, NotificationIntent held, Person person) {
    queue.add(new Due(at, order++, kind, t, t == null ? 0 : t.generation, held, person));
  }

  private static NotificationIntent withOutcome(NotificationIntent i, Alert resolved) {
    return new NotificationIntent(
        i.dedupKey(),
        i.alertId(),
        i.facility(),
        i.rule(),
        i.severity(),
        i.room(),
        i.resident(),
        i.step(),
        i.reminder(),
        i.recipient(),
        i.channel(),
        i.kind(),
        i.language(),
        resolved.outcome(),
        i.due());
  }

  private static boolean reassures(Alert alert) {
    return alert.device() != null
        && alert.rule() != RuleId.GATEWAY_OFFLINE
        && alert.rule() != RuleId.DEVICE_SILENT
        && Ids.isFacilityId(alert.facility())
        && Ids.isDeviceId(alert.device());
  }
}
