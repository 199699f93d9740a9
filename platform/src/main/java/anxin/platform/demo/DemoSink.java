package anxin.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for an SMS gateway and a DingTalk group robot on 127.0.0.1: accepts what the platform
 * sends, answers as the real ones do on success, and prints each message (phone numbers masked).
 */
public final class DemoSink implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final PrintWriter out;
  private final AtomicInteger sms = new AtomicInteger();
  private final AtomicInteger robot = new AtomicInteger();

  public DemoSink(PrintWriter out) throws IOException {
    this.out = out;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(executor);
    server.createContext("/sms", this::sms);
    server.createContext("/robot", this::robot);
    server.start();
  }

  /** Base URL, e.g. {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int smsCount() {
    return sms.get();
  }

  public int robotCount() {
    return robot.get();
  }

  private void sms(HttpExchange x) throws IOException {
    JsonNode body = read(x);
    String phone = body.path("phone").asText("?");
    String masked =
        phone.length() > 8
            ? phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4)
            : "****";
    sms.incrementAndGet();
    print("  📱 SMS → " + masked + ": " + body.path("text").asText(""));
    answer(x, "{\"code\":0}");
  }

  private void robot(HttpExchange x) throws IOException {
    JsonNode body = read(x);
    String text =
        body.path("markdown").path("title").asText(body.path("text").path("content").asText(""));
    robot.incrementAndGet();
    print("  🤖 DingTalk 值班群 ← " + text.replace('\n', ' '));
    answer(x, "{\"errcode\":0,\"errmsg\":\"ok\"}");
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private static JsonNode read(HttpExchange x) throws IOException {
    byte[] bytes = x.getRequestBody().readNBytes(64 * 1024);
    try {
      return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static void answer(HttpExchange x, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(200, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
