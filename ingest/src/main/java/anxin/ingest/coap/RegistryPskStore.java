package anxin.ingest.coap;

import anxin.ingest.DeviceRegistry;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's key lookup during a DTLS handshake: the PSK identity is the device id, the key is the
 * registry's. Synchronous, since {@link DeviceRegistry} answers from memory. An identity without a
 * key (unknown device, or none provisioned) fails the handshake ({@code unknown_psk_identity}).
 * Server side only: it never starts a handshake, so it has no identity of its own.
 */
final class RegistryPskStore implements AdvancedPskStore {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryPskStore.class);

  private final DeviceRegistry registry;

  RegistryPskStore(DeviceRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean hasEcdhePskSupported() {
    return true;
  }

  @Override
  public PskSecretResult requestPskSecretResult(
      ConnectionId cid,
      ServerNames serverNames,
      PskPublicInformation identity,
      String hmacAlgorithm,
      SecretKey otherSecret,
      byte[] seed,
      boolean useExtendedMasterSecret) {
    String deviceId = identity.getPublicInfoAsString();
    Optional<byte[]> key = registry.pskOf(deviceId);
    if (key.isEmpty()) {
      LOG.debug("DTLS handshake refused: no PSK for identity {}", bounded(deviceId));
      return new PskSecretResult(cid, identity, null);
    }
    byte[] bytes = key.get();
    try {
      return new PskSecretResult(
          cid, identity, SecretUtil.create(bytes, PskSecretResult.ALGORITHM_PSK));
    } finally {
      Arrays.fill(bytes, (byte) 0); // SecretUtil copied it
    }
  }

  @Override
  public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
    return null;
  }

  @Override
  public void setResultHandler(HandshakeResultHandler resultHandler) {
    // Results are returned synchronously.
  }

  private static String bounded(String s) {
    return '"' + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + '"';
  }
}
