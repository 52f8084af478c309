package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real jar, on the NATS Streaming fixtures: what verify, repair, copy, dump and info
 * show people and scripts.
 */
class PresentationJarIT {

  @TempDir Path tmp;

  private String fixture(String name) {
    return "streamstore:file:" + Fixtures.copy(name, tmp);
  }

  private static List<String> findings(String out) {
    return Arrays.stream(out.split("\n"))
        .filter(l -> l.startsWith("PROBLEM ") || l.startsWith("WARNING ")).toList();
  }

  @Test
  void aMissingIndexIsAWarningAndVerifyExitsZero() throws Exception {
    ShadedJar.Result r = ShadedJar.run("verify", fixture("no-index"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(findings(r.out())).hasSize(3)
        .allMatch(l -> l.startsWith("WARNING ") && l.contains("MISSING_INDEX"));
    assertThat(r.out()).contains("OK: 3 channel(s), 3000 message(s)").contains("3 warning(s)");
  }

  @Test
  void verifyAndRepairListTheSameProblemsForATornTail() throws Exception {
    String url = fixture("torn-tail");
    ShadedJar.Result verify = ShadedJar.run("verify", url);
    ShadedJar.Result repair = ShadedJar.run("repair", url);
    assertThat(verify.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(repair.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(findings(verify.out())).as(verify + "\n" + repair)
        .isNotEmpty().isEqualTo(findings(repair.out()));
    assertThat(findings(verify.out())).anyMatch(l -> l.contains("sequence 1000"));
  }

  @Test
  void aResumedCopyWithNothingLeftShowsNoRate() throws Exception {
    String source = fixture("basic");
    String target = "streamstore:jdbc:h2:" + tmp.resolve("h2");
    assertThat(ShadedJar.run("copy", source, target).exitCode()).isZero();
    ShadedJar.Result again = ShadedJar.run("copy", source, target);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).contains("progress: 100% 3,000/3,000 msgs  0 msg/s");
    assertThat(again.out()).contains("copied 0 message(s) (3,000 already there)");
  }

  @Test
  void dumpWithFromAfterToIsAUsageError() throws Exception {
    ShadedJar.Result r = ShadedJar.run("dump", fixture("basic"), "orders", "--from", "20",
        "--to", "10");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
    assertThat(r.err()).contains("--from 20 is after --to 10");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void infoJsonPrintsTheRecordsWhole() throws Exception {
    ShadedJar.Result r = ShadedJar.run("info", "--json", fixture("basic"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    // every ClientInfo field, as protobuf's JsonFormat prints it (bytes as base64)
    assertThat(r.out()).contains("{\"ID\":\"client-a\",\"HbInbox\":\"_INBOX.hb.client-a\","
        + "\"ConnID\":\"Y29ubi1jbGllbnQtYQ==\",\"Protocol\":1,\"PingInterval\":5,"
        + "\"PingMaxOut\":3}");
    assertThat(r.out()).contains("\"serverInfo\":{\"ClusterID\":\"fixture-cluster\",")
        .contains("\"subscriptions\":[{\"state\":{\"ID\":\"1\",\"clientID\":\"client-a\",")
        .contains("\"isClosed\":false}");
  }
}
