package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final StringWriter err = new StringWriter();

  private Output output(boolean quiet) {
    return new Output(new PrintWriter(new StringWriter()), new PrintWriter(err), quiet, false);
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndEndsTheLine() {
    Progress p = new Progress(output(false), 200, true);
    p.finish(50, "working");
    String shown = err.toString();
    assertThat(shown).startsWith("\r[########                      ]  25% 50/200 msgs")
        .contains("msg/s  ETA ").contains("working").endsWith(System.lineSeparator());
  }

  @Test
  void elsewhereItPrintsPlainLines() {
    Progress p = new Progress(output(false), 10, false);
    p.finish(10, "done");
    assertThat(err.toString()).startsWith("progress: 100% 10/10 msgs").doesNotContain("\r");
  }

  @Test
  void workDoneBeforeThisRunCountsForThePercentageNotTheRate() {
    Progress p = new Progress(output(false), 3_000, false);
    p.alreadyDone(3_000);
    p.finish(3_000, "done");
    assertThat(err.toString()).startsWith("progress: 100% 3,000/3,000 msgs  0 msg/s");
  }

  @Test
  void quietShowsNothing() {
    Progress p = new Progress(output(true), 10, true);
    p.update(5, "");
    p.finish(10, "done");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void etaReadsAsMinutesOrHours() {
    assertThat(Progress.formatSeconds(75)).isEqualTo("1m15s");
    assertThat(Progress.formatSeconds(3 * 3600 + 120)).isEqualTo("3h02m");
  }
}
