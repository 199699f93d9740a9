package anxin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.ingest.pipeline.InMemoryRig;
import anxin.protocol.Reason;
import anxin.protocol.topic.Topics;
import anxin.testing.FuzzInput;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP events endpoint ({@link HttpIngestRoutes}: {@link BearerToken}, {@link ContentTypes},
 * {@link BoundedBody}) on a real Vert.x server on 127.0.0.1 over {@link InMemoryRig}, sent whatever
 * request the fuzzer makes: method, Authorization, Content-Type, framing (length, chunked, {@code
 * Expect: 100-continue}) and body. Every answer is one of §3's statuses, never 500, and every
 * refusal names a reason of the contract with a detail.
 */
public final class HttpFuzzTarget implements AutoCloseable {

  private static final Set<Integer> STATUSES = Set.of(202, 400, 401, 405, 413, 429, 503);
  private static final String[] METHODS = {"POST", "POST", "POST", "PUT", "GET", "DELETE"};
  private static final String[] CONTENT_TYPES = {
    null, "application/json", "application/cbor", "Application/JSON; charset=utf-8", ""
  };

  private final InMemoryRig rig = new InMemoryRig();
  private final Vertx vertx = Vertx.vertx();
  private final HttpIngestServer server;
  private final int port;

  public HttpFuzzTarget() {
    HttpIngestRoutes routes =
        new HttpIngestRoutes(
            rig.pipeline,
            rig.registry,
            new HttpIngestSettings(
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10)),
            Clock.systemUTC());
    server = new HttpIngestServer(vertx, HttpIngestServer.Config.plain("127.0.0.1", 0), routes);
    port = server.start();
  }

  public void run(FuzzInput in) throws IOException {
    String method = METHODS[in.pick(METHODS.length)];
    int auth = in.pick(5);
    String authText = headerValue(in.text(600));
    int type = in.pick(CONTENT_TYPES.length + 1);
    String typeText = headerValue(in.text(200));
    int framing = in.pick(3);
    int chunk = 1 + in.u8() * 64;
    byte[] body = in.rest();

    ByteArrayOutputStream req = new ByteArrayOutputStream();
    line(req, method + " " + Topics.HTTP_EVENTS_PATH + " HTTP/1.1");
    line(req, "Host: 127.0.0.1");
    line(req, "Connection: close");
    switch (auth) {
      case 0 -> {}
      case 1 -> line(req, "Authorization: Bearer " + InMemoryRig.TOKEN);
      case 2 -> line(req, "Authorization: Bearer " + authText);
      case 3 -> line(req, "Authorization: " + authText);
      default -> {
        line(req, "Authorization: Bearer " + InMemoryRig.TOKEN);
        line(req, "Authorization: Bearer " + authText);
      }
    }
    String contentType = type < CONTENT_TYPES.length ? CONTENT_TYPES[type] : typeText;
    if (contentType != null) {
      line(req, "Content-Type: " + contentType);
    }
    if (framing == 1) {
      line(req, "Transfer-Encoding: chunked");
      line(req, "");
      for (int at = 0; at < body.length; at += chunk) {
        int n = Math.min(chunk, body.length - at);
        line(req, Integer.toHexString(n));
        req.write(body, at, n);
        line(req, "");
      }
      line(req, "0");
      line(req, "");
    } else {
      line(req, "Content-Length: " + body.length);
      if (framing == 2) {
        line(req, "Expect: 100-continue");
      }
      line(req, "");
      req.writeBytes(body);
    }

    String answer = exchange(req.toByteArray());
    int status = status(answer);
    assertThat(status).as("status of %s", answer).isIn(STATUSES);
    if (status != 202) {
      JsonObject json = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      String reason = json.getString("reason");
      assertThat(
              Reason.fromWireName(reason).isPresent()
                  || Answer.BUSY.equals(reason)
                  || Answer.METHOD_NOT_ALLOWED.equals(reason))
          .as("reason of %s", answer)
          .isTrue();
      assertThat(json.getString("detail")).as("detail of %s", answer).isNotBlank();
    }
  }

  /** Sends the request and reads the final answer (after any 100 Continue) until the close. */
  private String exchange(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000); // a hang is found by the fuzzer's per-input timeout first
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server may answer (413) and close before the whole body is sent; read the answer.
      }
      InputStream inStream = socket.getInputStream();
      String all = new String(inStream.readAllBytes(), StandardCharsets.ISO_8859_1);
      while (all.startsWith("HTTP/1.1 100")) {
        all = all.substring(all.indexOf("\r\n\r\n") + 4);
      }
      return all;
    }
  }

  private static int status(String answer) {
    if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
      throw new AssertionError("not an HTTP answer: " + answer);
    }
    return Integer.parseInt(answer.substring(9, 12));
  }

  /** Header values as a client could send them: visible ASCII and spaces. */
  private static String headerValue(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? c : 'x');
    }
    return sb.toString();
  }

  private static void line(ByteArrayOutputStream out, String text) {
    out.writeBytes((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }
}
