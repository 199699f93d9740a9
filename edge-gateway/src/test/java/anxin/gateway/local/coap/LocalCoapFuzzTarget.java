package anxin.gateway.local.coap;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.local.Admission;
import anxin.gateway.local.RecordingIntake;
import anxin.protocol.Reason;
import anxin.testing.FuzzInput;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.AddressEndpointContext;

/**
 * The gateway's local CoAP events resource ({@link EventsResource}) in-process: any Content-Format,
 * type and payload, on an exchange whose endpoint only records the response. One response per
 * request, never 5.00; a 4.00 names a reason of the contract.
 */
public final class LocalCoapFuzzTarget {

  private static final Set<ResponseCode> CODES =
      Set.of(
          ResponseCode.CHANGED,
          ResponseCode.BAD_REQUEST,
          ResponseCode.UNAUTHORIZED,
          ResponseCode.REQUEST_ENTITY_TOO_LARGE,
          ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
          ResponseCode.TOO_MANY_REQUESTS);
  private static final int[] FORMATS = {-1, 50, 60};
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

  private final RecordingIntake intake = new RecordingIntake();
  private final EventsResource resource;

  public LocalCoapFuzzTarget(Admission admission) {
    resource = new EventsResource(admission, intake, AdapterMetrics.NOOP);
  }

  public void run(FuzzInput in) {
    int format = in.pick(4);
    int otherFormat = (in.u8() << 8) | in.u8();
    boolean confirmable = in.bool();
    byte[] payload = in.rest();

    Request request = new Request(CoAP.Code.POST, confirmable ? CoAP.Type.CON : CoAP.Type.NON);
    request.setPayload(payload);
    int cf = format < FORMATS.length ? FORMATS[format] : otherFormat;
    if (cf >= 0) {
      request.getOptions().setContentFormat(cf);
    }
    request.setSourceContext(new AddressEndpointContext(PEER));
    AtomicReference<Response> response = new AtomicReference<>();
    Exchange exchange = new Exchange(request, PEER, Exchange.Origin.REMOTE, Runnable::run);
    exchange.setEndpoint(recordingEndpoint(response));

    resource.handlePOST(new CoapExchange(exchange));

    Response r = response.get();
    assertThat(r).as("response").isNotNull();
    assertThat(r.getCode()).as("code, %s", r.getPayloadString()).isIn(CODES);
    if (r.getCode() == ResponseCode.BAD_REQUEST) {
      String wire = r.getPayloadString().split(":", 2)[0];
      assertThat(Reason.fromWireName(wire)).as("reason of %s", r.getPayloadString()).isPresent();
    }
  }

  private static Endpoint recordingEndpoint(AtomicReference<Response> response) {
    URI uri = URI.create("coap://127.0.0.1:5683");
    return (Endpoint)
        Proxy.newProxyInstance(
            Endpoint.class.getClassLoader(),
            new Class<?>[] {Endpoint.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getUri":
                  return uri;
                case "sendResponse":
                  if (!response.compareAndSet(null, (Response) args[1])) {
                    throw new AssertionError("a second response: " + args[1]);
                  }
                  return null;
                case "toString":
                  return "recording endpoint";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  Class<?> t = method.getReturnType();
                  return t == boolean.class ? false : t == int.class ? 0 : null;
              }
            });
  }
}
