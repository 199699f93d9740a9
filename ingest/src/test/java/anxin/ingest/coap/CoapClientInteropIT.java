package anxin.ingest.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import anxin.ingest.Device;
import anxin.ingest.Sender;
import anxin.ingest.registry.InMemoryDeviceRegistry;
import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint driven by a CoAP client that is not ours: libcoap's {@code coap-client-openssl}
 * (Debian package {@code libcoap3-bin}), plain and over DTLS with OpenSSL. The client prints every
 * PDU it receives at verbosity 6 ({@code v:1 t:ACK c:2.04 i:… [ options ] :: 'payload'}) and exits
 * 0 whatever the answer, so the assertions are on those lines.
 */
class CoapClientInteropIT {

  static final String CLIENT = "coap-client-openssl";
  static final Device PANIC_BUTTON =
      new Device("pb-101", "sunny-home", "panic_button", "101", "r-17", Duration.ofMinutes(5));

  /** libcoap 4.3.1 takes {@code -k} as the key's bytes (no hex form): keep test keys ASCII. */
  static final String KEY = "pb-101-secret-key";

  /** A response PDU line; the request's own line has {@code c:POST}. */
  static final Pattern RESPONSE =
      Pattern.compile(
          "^v:1 t:(?:ACK|CON|NON) c:([2-5]\\.\\d\\d) i:\\S+ \\{[^}]*} \\[([^]]*)](?: :: '(.*)')?$");

  static Path client;

  @TempDir Path dir;
  final EventCodec codec = new EventCodec();
  final RecordingIngest ingest = new RecordingIngest();
  final InMemoryDeviceRegistry registry =
      new InMemoryDeviceRegistry()
          .put(PANIC_BUTTON)
          .psk("pb-101", KEY.getBytes(StandardCharsets.US_ASCII));
  CoapIngestServer server;

  @BeforeAll
  static void findClient() {
    client =
        onPath(CLIENT)
            .orElseGet(
                () ->
                    fail(
                        CLIENT
                            + " is not installed: it comes with Debian's libcoap3-bin"
                            + " (`apt-get install -y libcoap3-bin`, or run .ci/services.sh)"));
  }

  @BeforeEach
  void startServer() {
    CoapIngestConfig config =
        CoapIngestConfig.defaults()
            .withBindAddress(InetAddress.getLoopbackAddress())
            .withPlain(0)
            .withDtlsPort(0)
            .withResponseTimeout(Duration.ofMillis(1500));
    server = new CoapIngestServer(config, ingest, registry);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void plainJson_answers204() throws Exception {
    byte[] payload = codec.encodeJson(Event.of("pb-101", 1, EventType.PANIC));

    Response response = post(plain(), payload, "50");

    assertThat(response.code()).isEqualTo("2.04");
    assertThat(ingest.next().payload()).isEqualTo(payload);
  }

  @Test
  void plainCbor_answers204() throws Exception {
    byte[] payload = codec.encodeCbor(Event.of("pb-101", 2, EventType.FALL));

    Response response = post(plain(), payload, "60");

    assertThat(response.code()).isEqualTo("2.04");
    assertThat(ingest.next().payload()).isEqualTo(payload);
  }

  @Test
  void malformed_answers400WithTheReasonAsDiagnostic() throws Exception {
    ingest.answering(Receipts.rejected(Reason.MALFORMED, "seq: must be an integer"));

    Response response = post(plain(), "{\"v\":1}".getBytes(StandardCharsets.UTF_8), "50");

    assertThat(response.code()).isEqualTo("4.00");
    assertThat(response.payload()).isEqualTo("malformed: seq: must be an integer");
    assertThat(response.output()).contains("4.00 malformed"); // as coap-client reports errors
  }

  @Test
  void unauthorized_answers401() throws Exception {
    ingest.answering(Receipts.rejected(Reason.UNAUTHORIZED, null));

    Response response = post(plain(), panic(), "50");

    assertThat(response.code()).isEqualTo("4.01");
    assertThat(response.payload()).isEqualTo("unauthorized");
  }

  @Test
  void busy_answers503WithMaxAge() throws Exception {
    ingest.answering(Receipts.busy());

    Response response = post(plain(), panic(), "50");

    assertThat(response.code()).isEqualTo("5.03");
    assertThat(response.options()).contains("Max-Age:5");
  }

  @Test
  void noReceiptInTime_answers503Separately() throws Exception {
    ingest.answeringLater();

    Response response = post(plain(), panic(), "50");

    assertThat(response.code()).isEqualTo("5.03");
    assertThat(response.line()).startsWith("v:1 t:CON"); // after an empty ACK at 1 s
  }

  @Test
  void blockwise60KiB_answers204AndIsSubmittedWhole() throws Exception {
    byte[] payload = body(60 * 1024);

    Response response = post(plain(), payload, "50");

    assertThat(response.code()).isEqualTo("2.04");
    assertThat(ingest.next().payload()).isEqualTo(payload);
  }

  @Test
  void blockwise70KiB_answers413TooLarge() throws Exception {
    Response response = post(plain(), body(70 * 1024), "50");

    assertThat(response.code()).isEqualTo("4.13");
    assertThat(response.payload()).startsWith("too_large");
    assertThat(response.options()).contains("Size1:65536");
    assertThat(ingest.remaining()).isEmpty();
  }

  @Test
  void dtlsRightKey_answers204AsTheDevice() throws Exception {
    Response response = post(dtls("pb-101", KEY), panic(), "50");

    assertThat(response.code()).isEqualTo("2.04");
    assertThat(ingest.next().sender()).isEqualTo(new Sender.AuthenticatedDevice(PANIC_BUTTON));
  }

  @Test
  void dtlsWrongKey_getsNoAnswerAndSubmitsNothing() throws Exception {
    List<String> args = dtls("pb-101", "guessed-key");
    args.addAll(List.of("-B", "3")); // the server drops the bad handshake: wait 3 s, not 10

    Response response = run(args, panic(), "50");

    assertThat(response.code()).as(response.output()).isNull();
    assertThat(ingest.remaining()).isEmpty();
  }

  private static byte[] body(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    body[0] = '[';
    body[size - 1] = ']';
    return body;
  }

  private byte[] panic() {
    return codec.encodeJson(Event.of("pb-101", 3, EventType.PANIC));
  }

  private List<String> plain() {
    return new ArrayList<>(
        List.of(
            "coap://127.0.0.1:" + server.plainAddress().orElseThrow().getPort() + "/v1/events"));
  }

  private List<String> dtls(String identity, String key) {
    return new ArrayList<>(
        List.of(
            "-u",
            identity,
            "-k",
            key,
            "coaps://127.0.0.1:" + server.dtlsAddress().orElseThrow().getPort() + "/v1/events"));
  }

  private Response post(List<String> target, byte[] payload, String contentFormat)
      throws IOException, InterruptedException {
    target.addAll(0, List.of("-B", "10"));
    return run(target, payload, contentFormat);
  }

  /** Runs {@code coap-client-openssl -v 6 -m post -t FORMAT -f FILE ARGS…}, at most 30 s. */
  private Response run(List<String> args, byte[] payload, String contentFormat)
      throws IOException, InterruptedException {
    Path body = Files.write(dir.resolve("body"), payload);
    Path output = dir.resolve("output.txt");
    List<String> command = new ArrayList<>(List.of(client.toString(), "-v", "6", "-m", "post"));
    command.addAll(List.of("-t", contentFormat, "-f", body.toString()));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        fail(CLIENT + " did not finish within 30 s: " + String.join(" ", command));
      }
    } finally {
      process.destroyForcibly();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return Response.parse(text);
  }

  /** The last response PDU coap-client printed, or nulls when it got none. */
  record Response(String code, String options, String payload, String line, String output) {

    static Response parse(String output) {
      Response last = new Response(null, null, null, null, output);
      for (String line : output.split("\n")) {
        Matcher m = RESPONSE.matcher(line.strip());
        if (m.matches()) {
          last = new Response(m.group(1), m.group(2), m.group(3), line.strip(), output);
        }
      }
      return last;
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
