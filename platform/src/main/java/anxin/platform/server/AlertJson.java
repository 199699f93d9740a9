package anxin.platform.server;

import anxin.alerting.Alert;
import anxin.alerting.Timeline;
import anxin.alerting.TimelineEntry;
import anxin.platform.access.Principal;
import anxin.platform.store.Facility;
import anxin.platform.store.JdbcDirectory;
import anxin.platform.store.Resident;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * Alerts and timelines as the API and the console's event stream show them. A resident's name is
 * included only for staff of the alert's facility ({@link Principal#seesNames}); the bureau sees
 * resident ids, never names. Timeline notifications show who and how, never a phone number.
 */
final class AlertJson {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final JdbcDirectory directory;

  AlertJson(JdbcDirectory directory) {
    this.directory = directory;
  }

  ObjectNode alert(Alert a, int escalationStep, Principal viewer) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", a.id());
    n.put("facility", a.facility());
    Facility f = directory.facility(a.facility()).orElse(null);
    if (f != null) {
      n.put("facilityName", f.name());
      n.put("county", f.county());
    }
    n.put("rule", a.rule().wireName());
    n.put("severity", a.severity().name());
    n.put("state", a.state().wireName());
    n.put("outcome", a.outcome() == null ? null : a.outcome().wireName());
    n.put("subject", a.subject());
    n.put("device", a.device());
    n.put("room", a.room());
    n.put("resident", a.resident());
    if (f != null && viewer.seesNames(f)) {
      directory
          .resident(a.resident())
          .map(Resident::displayName)
          .ifPresent(name -> n.put("residentName", name));
    }
    n.put("count", a.count());
    n.put("openedAt", time(a.openedAt()));
    n.put("firstSeen", time(a.firstSeen()));
    n.put("lastSeen", time(a.lastSeen()));
    n.put("delayedMs", a.delayed().toMillis());
    ArrayNode notes = n.putArray("notes");
    a.notes().forEach(notes::add);
    n.put("acknowledgedAt", time(a.acknowledgedAt()));
    n.put("acknowledgedBy", a.acknowledgedBy());
    n.put("resolvedAt", time(a.resolvedAt()));
    n.put("resolvedBy", a.resolvedBy());
    n.put("resolutionNote", a.resolutionNote());
    n.put("escalationStep", escalationStep);
    return n;
  }

  ArrayNode timeline(Timeline t) {
    ArrayNode out = JSON.createArrayNode();
    for (TimelineEntry e : t.entries()) {
      ObjectNode n = out.addObject();
      n.put("at", time(e.at()));
      n.put("actor", e.actor());
      if (e instanceof TimelineEntry.Opened o) {
        n.put("kind", "opened");
        n.put("eventAt", time(o.eventAt()));
        n.put("delayedMs", o.delayed().toMillis());
        n.put("note", o.note());
      } else if (e instanceof TimelineEntry.Retriggered r) {
        n.put("kind", "retriggered");
        n.put("count", r.count());
        n.put("eventAt", time(r.eventAt()));
      } else if (e instanceof TimelineEntry.Escalated s) {
        n.put("kind", "escalated");
        n.put("step", s.step());
        n.put("recipients", s.recipients());
      } else if (e instanceof TimelineEntry.NotificationIntended i) {
        n.put("kind", "notification");
        n.put("recipient", i.intent().recipient().key());
        n.put("channel", i.intent().channel().wireName());
        n.put("message", i.intent().kind().name().toLowerCase(java.util.Locale.ROOT));
        n.put("step", i.intent().step());
      } else if (e instanceof TimelineEntry.CommandIntended c) {
        n.put("kind", "command");
        n.put("device", c.command().device());
        n.put("command", "reassure");
      } else if (e instanceof TimelineEntry.Acknowledged) {
        n.put("kind", "acknowledged");
      } else if (e instanceof TimelineEntry.Resolved r) {
        n.put("kind", "resolved");
        n.put("outcome", r.outcome().wireName());
        n.put("note", r.note());
      } else if (e instanceof TimelineEntry.ClearedByRule c) {
        n.put("kind", "cleared");
        n.put("outcome", c.outcome().wireName());
      }
    }
    return out;
  }

  static String time(Instant i) {
    return i == null ? null : i.toString();
  }
}
