package anxin.gateway;

import anxin.protocol.Event;
import java.io.IOException;
import java.util.List;

/**
 * Where the local adapters hand the events they accepted: the journal, and whoever must hear of new
 * events (the uplink, the local fallback). Adapters answer their senders only after {@link #accept}
 * returns, so nothing is acknowledged on the LAN before it is on disk.
 */
@FunctionalInterface
public interface Intake {

  /**
   * Queues validated events durably; returns once they are on disk.
   *
   * @param source the adapter they came through
   * @param events events that passed the wire contract's validation, in arrival order
   * @throws IOException when the journal cannot store them; the adapter then makes its sender retry
   */
  void accept(Source source, List<Event> events) throws IOException;
}
