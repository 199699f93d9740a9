package anxin.protocol.sim.coap;

import anxin.protocol.Event;
import anxin.protocol.Format;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.sim.EventSink;
import anxin.protocol.sim.SimulatedDevice;
import anxin.protocol.topic.Topics;
import java.io.IOException;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;

/**
 * Posts each event to {@code /v1/events} with Californium, as a constrained device would:
 * Confirmable for {@code panic} and {@code fall} (DESIGN §3), Non-confirmable otherwise. Anything
 * but {@code 2.04 Changed} is a failure.
 */
public final class CoapEventSink implements EventSink {

  static {
    CoapConfig.register();
    UdpConfig.register();
  }

  private final CoapClient client;
  private final CoapEndpoint endpoint;
  private final EventCodec codec = new EventCodec();
  private final Format format;

  /**
   * @param baseUri e.g. {@code coap://127.0.0.1:5683}
   * @param format payload encoding: JSON (Content-Format 50) or CBOR (60)
   */
  public CoapEventSink(String baseUri, Format format) {
    this.format = format;
    // No Californium3.properties file written to the working directory.
    Configuration config = Configuration.createStandardWithoutFile();
    this.endpoint = CoapEndpoint.builder().setConfiguration(config).build();
    this.client = new CoapClient(baseUri + Topics.COAP_EVENTS_PATH);
    client.setEndpoint(endpoint);
    client.setTimeout(10_000L);
  }

  @Override
  public void send(SimulatedDevice device, Event event) {
    Request request = Request.newPost();
    request.setConfirmable(event.type().isAlarm());
    request.setPayload(codec.encode(event, format));
    request.getOptions().setContentFormat(format.coapContentFormat());
    CoapResponse response;
    try {
      response = client.advanced(request);
    } catch (ConnectorException | IOException e) {
      throw new SinkException("CoAP POST failed: " + e.getMessage(), e);
    }
    if (response == null) {
      throw new SinkException("CoAP POST timed out", null);
    }
    if (response.getCode() != CoAP.ResponseCode.CHANGED) {
      throw new SinkException(
          "CoAP POST answered " + response.getCode() + " " + response.getResponseText(), null);
    }
  }

  @Override
  public void close() {
    client.shutdown();
    endpoint.destroy();
  }
}
