package anxin.platform.app;

import anxin.platform.access.ApiTokens;
import anxin.platform.access.Principal;
import anxin.platform.access.Role;
import anxin.platform.config.PlatformConfig;
import anxin.platform.store.AuditLog;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates an API token; it is printed once and stored only as its SHA-256. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Creates an API bearer token for the console or the API and prints it once; the database",
      "keeps only its SHA-256. Caregivers and managers need --facility (repeatable); the bureau",
      "needs --region and optionally --county. Exit codes: 0 created, 2 invalid, 1 failed."
    })
final class TokenCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(names = "--role", required = true, description = "caregiver, manager, bureau or admin")
  String role;

  @Option(
      names = "--label",
      required = true,
      description = "Who it is for, e.g. 'night desk A'; no personal data")
  String label;

  @Option(names = "--facility", description = "A facility in scope (caregiver, manager)")
  List<String> facilities = List.of();

  @Option(names = "--region", description = "The region in scope (bureau)")
  String region;

  @Option(names = "--county", description = "One county of the region (bureau)")
  String county;

  @Option(names = "--staff", description = "The staff member acting with it (timelines name them)")
  String staff;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Role r = Role.fromWireName(role).orElse(null);
    List<String> problems = new java.util.ArrayList<>();
    if (r == null) {
      problems.add("--role is one of caregiver, manager, bureau, admin: " + role);
    } else if ((r == Role.CAREGIVER || r == Role.MANAGER) && facilities.isEmpty()) {
      problems.add("a " + role + " token needs at least one --facility");
    } else if (r == Role.BUREAU && region == null) {
      problems.add("a bureau token needs --region (and optionally --county)");
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("anxin: " + p));
      err.flush();
      return 2;
    }
    PlatformConfig c = config.load(err);
    if (c == null) {
      return 2;
    }
    try (DatabaseOption db = DatabaseOption.open(c)) {
      Set<String> scope = new LinkedHashSet<>(facilities);
      String token =
          new ApiTokens(db.dataSource())
              .create(new Principal(label, r, staff, scope, region, county));
      AuditLog.append(
          db.dataSource(),
          "cli:" + System.getProperty("user.name"),
          "create_token",
          label + " (" + r.wireName() + ")");
      out.println(token);
      out.flush();
      return 0;
    } catch (Exception e) {
      err.println("anxin: cannot create the token: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
