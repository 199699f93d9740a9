package anxin.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The short variant of {@code anxin-bench faults} (issue 9 item 1): the same code with smaller
 * figures, every fault against the platform and a gateway as child JVMs, their own PostgreSQL and
 * Mosquitto processes. Needs PostgreSQL's binaries (initdb, pg_ctl) and mosquitto on this machine;
 * the disk-full fault needs the right to mount a tmpfs (root) and is reported as not run without
 * it.
 */
class FaultSuiteIT {

  private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final String MOSQUITTO = "/usr/sbin/mosquitto";

  /**
   * Outages of 10-15 s, 3,000 events queued on the gateway, the gateway's reconnect wait capped at
   * 5 s, a 5 s burst at 5x: about 4 minutes in all.
   */
  static FaultSuite.Sizes ci() {
    return new FaultSuite.Sizes(
        50,
        100,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(15),
        3_000,
        3_000,
        2,
        30_000,
        Duration.ofSeconds(90),
        Duration.ofSeconds(5), // short reconnect waits after a cut: recovery in CI's time
        new FaultSuite.Sizes.Burst(
            FaultSuite.Sizes.Burst.FIVE_TIMES_SUSTAINABLE, Duration.ofSeconds(5), 2_500));
  }

  /** All, or those named in {@code -Danxin.faults.only=UPLINK_CUT,...} (to run one by hand). */
  private static Set<Fault> faults() {
    String only = System.getProperty("anxin.faults.only", "").strip();
    if (only.isEmpty()) {
      return EnumSet.allOf(Fault.class);
    }
    Set<Fault> out = EnumSet.noneOf(Fault.class);
    for (String name : only.split(",")) {
      out.add(Fault.valueOf(name.strip()));
    }
    return out;
  }

  @Test
  void everyFault_underLoad_noEventLost_noPageMissingOrSentTwice() throws Exception {
    assumeTrue(Files.isExecutable(PG_BIN.resolve("initdb")), "no PostgreSQL binaries");
    assumeTrue(Files.isExecutable(Path.of(MOSQUITTO)), "no mosquitto");
    // kept for its logs (target/ is cleaned by mvn clean)
    Path work =
        Files.createDirectories(
            Path.of("target", "faults-it-" + System.currentTimeMillis()).toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    FaultSuite.Options o =
        new FaultSuite.Options(
            work,
            PG_BIN,
            MOSQUITTO,
            List.of(java, "-Xmx384m", "-cp", cp, "anxin.platform.app.Main"),
            List.of(java, "-Xmx64m", "-cp", cp, "anxin.gateway.app.Main"),
            Map.of(),
            faults(),
            ci(),
            System.out);

    List<Outcome> outcomes = new FaultSuite(o).run();

    Outcome.print(outcomes, System.out);
    for (Outcome r : outcomes) {
      if (r.detail().equals("not run")) {
        continue;
      }
      assertThat(r.sent()).as("%s sent", r.fault()).isPositive();
      assertThat(r.clean()).as("%s", r).isTrue();
    }
  }
}
