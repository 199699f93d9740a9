package anxin.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.pipeline.InMemoryRig;
import anxin.ingest.pipeline.IngestMetrics;
import anxin.protocol.Reason;
import anxin.testing.FuzzInput;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

/**
 * The CoAP events resource ({@link EventsResource}) in-process: a request as Californium hands it
 * over after parsing (any Content-Format, type, payload, DTLS identity or none, plain or secure
 * endpoint) on an exchange whose endpoint only records the response, over {@link InMemoryRig}.
 * Every request gets exactly one response of §3's codes, never 5.00, and a 4.00 names a reason.
 */
public final class CoapFuzzTarget implements AutoCloseable {

  private static final Set<ResponseCode> CODES =
      Set.of(
          ResponseCode.CHANGED,
          ResponseCode.BAD_REQUEST,
          ResponseCode.UNAUTHORIZED,
          ResponseCode.REQUEST_ENTITY_TOO_LARGE,
          ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
          ResponseCode.TOO_MANY_REQUESTS,
          ResponseCode.SERVICE_UNAVAILABLE);
  private static final int[] FORMATS = {-1, 50, 60};
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
  private static final MapBasedEndpointContext.Attributes ATTRIBUTES =
      new MapBasedEndpointContext.Attributes();

  private final InMemoryRig rig = new InMemoryRig();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final EventsResource resource =
      new EventsResource(
          rig.pipeline,
          rig.registry,
          Clock.systemUTC(),
          Duration.ofSeconds(5),
          timer,
          IngestMetrics.NOOP);

  public void run(FuzzInput in) {
    int format = in.pick(4);
    int otherFormat = (in.u8() << 8) | in.u8();
    boolean confirmable = in.bool();
    int who = in.pick(4);
    String identity = in.text(80);
    byte[] payload = in.rest();

    Request request = new Request(CoAP.Code.POST, confirmable ? CoAP.Type.CON : CoAP.Type.NON);
    request.setPayload(payload);
    int cf = format < FORMATS.length ? FORMATS[format] : otherFormat;
    if (cf >= 0) {
      request.getOptions().setContentFormat(cf);
    }
    boolean secure = who != 0;
    request.setSourceContext(
        switch (who) {
          case 1 ->
              new MapBasedEndpointContext(
                  PEER, new PreSharedKeyIdentity(InMemoryRig.PB.id()), ATTRIBUTES);
          case 2 ->
              new MapBasedEndpointContext(PEER, new PreSharedKeyIdentity(identity), ATTRIBUTES);
          default -> new AddressEndpointContext(PEER);
        });
    AtomicReference<Response> response = new AtomicReference<>();
    Exchange exchange = new Exchange(request, PEER, Exchange.Origin.REMOTE, Runnable::run);
    exchange.setEndpoint(endpoint(secure ? "coaps" : "coap", response));

    resource.handlePOST(new CoapExchange(exchange));

    Response r = response.get();
    assertThat(r).as("response").isNotNull();
    assertThat(r.getCode()).as("code, %s", r.getPayloadString()).isIn(CODES);
    if (r.getCode() == ResponseCode.BAD_REQUEST) {
      String diagnostic = r.getPayloadString();
      String wire = diagnostic.split(":", 2)[0];
      assertThat(Reason.fromWireName(wire)).as("reason of %s", diagnostic).isPresent();
    }
  }

  /** An endpoint that only records the response sent on it. */
  private static Endpoint endpoint(String scheme, AtomicReference<Response> response) {
    URI uri = URI.create(scheme + "://127.0.0.1:5683");
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

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
