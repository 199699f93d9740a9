package anxin.alerting.notify;

import java.time.Duration;

/**
 * SMPP 3.4 settings ({@link NotifySetting}{@code .SMPP_*}).
 *
 * @param host SMSC host
 * @param port SMSC port
 * @param systemId bind {@code system_id}
 * @param password bind password
 * @param systemType bind {@code system_type}
 * @param transceiver bind as transceiver (true) or transmitter
 * @param sourceAddr {@code source_addr}
 * @param sourceTon {@code source_addr_ton}
 * @param sourceNpi {@code source_addr_npi}
 * @param destTon {@code dest_addr_ton}
 * @param destNpi {@code dest_addr_npi}
 * @param enquireLink idle time before an {@code enquire_link}
 * @param timeout wait for each {@code submit_sm_resp}
 * @param bindTimeout connect and bind timeout
 * @param rebindDelay first wait before a rebind; doubles per failure
 * @param rebindMaxDelay longest wait between rebinds
 * @param maxInFlight messages submitted at once
 * @param maxQueued messages waiting
 */
public record SmppConfig(
    String host,
    int port,
    String systemId,
    String password,
    String systemType,
    boolean transceiver,
    String sourceAddr,
    int sourceTon,
    int sourceNpi,
    int destTon,
    int destNpi,
    Duration enquireLink,
    Duration timeout,
    Duration bindTimeout,
    Duration rebindDelay,
    Duration rebindMaxDelay,
    int maxInFlight,
    int maxQueued) {

  /** Redacted: the password is a credential. */
  @Override
  public String toString() {
    return "SmppConfig[" + host + ":" + port + ", " + systemId + "]";
  }
}
