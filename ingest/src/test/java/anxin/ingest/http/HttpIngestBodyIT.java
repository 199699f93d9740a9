package anxin.ingest.http;

import static anxin.ingest.http.TestEndpoint.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events endpoint's handling of bodies: the 64 KiB limit, framing and Content-Type. */
class HttpIngestBodyIT {

  private static final EventCodec CODEC = new EventCodec();
  private static final Event PANIC = Event.of(TestEndpoint.DEVICE.id(), 7, EventType.PANIC);

  private static TestEndpoint endpoint;
  private static FakeIngest ingest;

  @BeforeAll
  static void start() {
    endpoint = new TestEndpoint(HttpIngestSettings.DEFAULTS);
    ingest = endpoint.ingest;
  }

  @AfterAll
  static void stop() throws Exception {
    endpoint.close();
  }

  @BeforeEach
  void reset() {
    ingest.reset();
  }

  @Test
  void post_contentLengthOverLimit_answers413WithOurJson() throws Exception {
    HttpResponse<String> response = endpoint.post("application/json", jsonOfSize(65_537));

    assertTooLarge(response);
    assertThat(json(response).getString("detail")).startsWith("Content-Length 65537 exceeds");
  }

  @Test
  void post_chunkedBodyOverLimit_answers413WithOurJson() throws Exception {
    byte[] big = jsonOfSize(512 * 1024); // well within what Linger reads after the 413

    HttpResponse<String> response = endpoint.send(chunked(big));

    assertTooLarge(response);
    assertThat(json(response).getString("detail")).startsWith("body exceeds");
  }

  @Test
  void post_endlessChunkedBody_isCutOff() throws Exception {
    long max = 256L << 20;
    long sent = 0;
    try (Socket socket = new Socket("127.0.0.1", endpoint.uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + Topics.HTTP_EVENTS_PATH
                  + " HTTP/1.1\r\nHost: ingest\r\nAuthorization: Bearer "
                  + TestEndpoint.TOKEN
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = chunk(32 * 1024);
      Throwable failure = null;
      while (sent < max && failure == null) {
        failure = catchThrowable(() -> out.write(chunk));
        sent += chunk.length;
      }
      assertThat(failure).as("the server closed the connection").isInstanceOf(IOException.class);
    }
    assertThat(sent).isLessThan(max);
    assertThat(ingest.submissions()).isEmpty();
  }

  @Test
  void post_exactlyTheLimit_isSubmittedWhateverTheFraming() throws Exception {
    byte[] max = jsonOfSize(65_536);

    HttpResponse<String> fixed = endpoint.post("application/json", max);
    HttpResponse<String> chunked = endpoint.send(chunked(max));

    assertThat(fixed.statusCode()).isEqualTo(202);
    assertThat(chunked.statusCode()).isEqualTo(202);
    assertThat(ingest.nextSubmission().payload()).isEqualTo(max);
    assertThat(ingest.nextSubmission().payload()).isEqualTo(max);
  }

  @Test
  void post_expectContinue_getsTheBodyAfterAuthentication() throws Exception {
    byte[] body = CODEC.encodeJson(PANIC);

    HttpResponse<String> response =
        endpoint.send(
            endpoint
                .request()
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(body)));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(ingest.nextSubmission().payload()).isEqualTo(body);
  }

  @Test
  void post_noContentType_sniffsTheFirstByte() throws Exception {
    byte[] cbor = CODEC.encodeCbor(PANIC);

    HttpResponse<String> response =
        endpoint.send(endpoint.request().POST(BodyPublishers.ofByteArray(cbor)));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(ingest.nextSubmission().payload()).isEqualTo(cbor);
  }

  @Test
  void post_mediaTypeWithParametersAndCapitals_isAccepted() throws Exception {
    HttpResponse<String> response =
        endpoint.post("Application/JSON; charset=utf-8", CODEC.encodeJson(PANIC));

    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void post_otherContentType_answers400MalformedNamingIt() throws Exception {
    HttpResponse<String> response = endpoint.post("text/plain", CODEC.encodeJson(PANIC));

    assertMalformed(response, "unsupported Content-Type 'text/plain'");
  }

  @Test
  void post_cborUnderJsonContentType_answers400() throws Exception {
    HttpResponse<String> response = endpoint.post("application/json", CODEC.encodeCbor(PANIC));

    assertMalformed(response, "Content-Type is application/json but the body does not start");
  }

  @Test
  void post_jsonUnderCborContentType_answers400() throws Exception {
    HttpResponse<String> response = endpoint.post("application/cbor", CODEC.encodeJson(PANIC));

    assertMalformed(response, "Content-Type is application/cbor but the body starts with");
  }

  @Test
  void post_emptyBody_answers400() throws Exception {
    HttpResponse<String> response = endpoint.post("application/json", new byte[0]);

    assertMalformed(response, "empty body");
  }

  @Test
  void post_afterARefusal_theConnectionServesTheNextRequest() throws Exception {
    endpoint.post("text/plain", CODEC.encodeJson(PANIC));

    HttpResponse<String> response = endpoint.post("application/json", CODEC.encodeJson(PANIC));

    assertThat(response.statusCode()).isEqualTo(202);
  }

  private static void assertMalformed(HttpResponse<String> response, String detail) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).getString("reason")).isEqualTo("malformed");
    assertThat(json(response).getString("detail")).startsWith(detail);
    assertThat(ingest.submissions()).isEmpty();
  }

  private static void assertTooLarge(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response).getString("reason")).isEqualTo("too_large");
    assertThat(json(response).getString("detail")).endsWith("the limit of 65536 bytes");
    assertThat(ingest.submissions()).isEmpty();
  }

  /** A POST whose body is sent chunked: the JDK client does so when the length is unknown. */
  private static HttpRequest.Builder chunked(byte[] body) {
    return endpoint
        .request()
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
  }

  /** One HTTP/1.1 chunk (RFC 9112 §7.1) of {@code size} spaces. */
  private static byte[] chunk(int size) {
    byte[] head = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[head.length + size + 2];
    Arrays.fill(chunk, (byte) ' ');
    System.arraycopy(head, 0, chunk, 0, head.length);
    chunk[chunk.length - 2] = '\r';
    chunk[chunk.length - 1] = '\n';
    return chunk;
  }

  /** A JSON object of exactly {@code size} bytes. */
  private static byte[] jsonOfSize(int size) {
    String head = "{\"pad\":\"";
    String tail = "\"}";
    char[] pad = new char[size - head.length() - tail.length()];
    Arrays.fill(pad, 'x');
    return (head + new String(pad) + tail).getBytes(StandardCharsets.UTF_8);
  }
}
