package anxin.ingest.coap;

import anxin.protocol.Reason;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * Gives Californium's own 4.13 (a block-wise body over {@code MAX_RESOURCE_BODY_SIZE}, answered by
 * its block-wise layer before the resource sees anything) the diagnostic our 4.13 carries, so a
 * device sees {@code too_large} however the body arrived. Keeps Californium's Size1 option (RFC
 * 7959 §4). Runs before serialization, on the thread sending the response.
 */
final class TooLargeDiagnostic extends MessageInterceptorAdapter {

  private final anxin.ingest.pipeline.IngestMetrics metrics;

  TooLargeDiagnostic(anxin.ingest.pipeline.IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void sendResponse(Response response) {
    if (response.getCode() == ResponseCode.REQUEST_ENTITY_TOO_LARGE
        && !response.getPayloadString().startsWith(Reason.TOO_LARGE.wireName())) {
      metrics.rejected(anxin.ingest.Transport.COAP, Reason.TOO_LARGE);
      response.setPayload(CoapReply.tooLarge().diagnostic());
      response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
    }
  }
}
