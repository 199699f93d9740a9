package anxin.platform.demo;

import anxin.protocol.Event;
import anxin.protocol.sim.EventSink;
import anxin.protocol.sim.SimulatedDevice;
import java.util.Set;

/**
 * Sends the retrofitted homes' devices over CoAP (NB-IoT devices) and the care homes' over MQTT
 * (through the home's network). The demo's devices report no clock ({@code ts}): the simulated
 * night runs faster than real time, so the platform's receipt time is the honest event time.
 */
public final class DemoSinks implements EventSink {

  private final EventSink mqtt;
  private final EventSink coap;
  private final Set<String> coapFacilities;

  public DemoSinks(EventSink mqtt, EventSink coap, Set<String> coapFacilities) {
    this.mqtt = mqtt;
    this.coap = coap;
    this.coapFacilities = Set.copyOf(coapFacilities);
  }

  @Override
  public void send(SimulatedDevice device, Event event) {
    Event clockless =
        new Event(
            event.dev(), event.seq(), event.type(), null, event.bat(), event.rssi(), event.data());
    (coap != null && coapFacilities.contains(device.facility()) ? coap : mqtt)
        .send(device, clockless);
  }

  @Override
  public void close() {
    mqtt.close();
    if (coap != null) {
      coap.close();
    }
  }
}
