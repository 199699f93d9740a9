package anxin.ingest.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of the JVM, at every level (TRACE included, Vert.x and Netty too), until
 * closed; then restores the root level.
 */
final class RecordingLogs implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Level previous = root.getLevel();
  private final Map<Logger, Level> ownLevels = new HashMap<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  RecordingLogs() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
    // Loggers configured with their own level would not log below it: they inherit TRACE too.
    for (Logger logger : root.getLoggerContext().getLoggerList()) {
      if (logger != root && logger.getLevel() != null) {
        ownLevels.put(logger, logger.getLevel());
      }
    }
    ownLevels.keySet().forEach(l -> l.setLevel(null));
  }

  /** One recorded event: level, and logger, message and exception chain as one string. */
  record Line(Level level, String text) {}

  /** Every recorded line: message, arguments filled in, with its exception chain's messages. */
  List<Line> lines() {
    List<Line> lines = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(appender.list)) {
      StringBuilder line = new StringBuilder(e.getLoggerName()).append(' ');
      line.append(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      lines.add(new Line(e.getLevel(), line.toString()));
    }
    return lines;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previous);
    ownLevels.forEach(Logger::setLevel);
    appender.stop();
  }
}
