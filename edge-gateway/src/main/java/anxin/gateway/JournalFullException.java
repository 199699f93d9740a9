package anxin.gateway;

import java.io.IOException;

/**
 * The journal refused events because its file system is nearly full: the last bytes are kept for
 * the acknowledgements that let the uplink drain it (docs/gateway-journal.md). Like any failed
 * append, the adapter does not acknowledge, and the device or LAN broker sends again later.
 */
public final class JournalFullException extends IOException {

  private static final long serialVersionUID = 1L;

  public JournalFullException(String message) {
    super(message);
  }
}
