package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void everyOptionTheHelpListsIsAcceptedWithASampleValue() {
    Matcher m = Pattern.compile("(?m)^  (--[a-z-]+)").matcher(RegimeSuite.USAGE);
    int listed = 0;
    while (m.find()) {
      String option = m.group(1);
      if (option.equals("--help")) {
        continue;
      }
      listed++;
      String[] args = switch (option) {
        case "--preset" -> new String[] {option, "sweep"};
        case "--seeds" -> new String[] {option, "3"};
        case "--bars" -> new String[] {option, "2500"};
        case "--kinds" -> new String[] {option, "AR5_MOMREV,RW_GAUSS"};
        case "--real", "--out" -> new String[] {option, "some/dir"};
        default -> new String[] {option};
      };
      Options o = Options.parse(args);
      assertThat(o).as(option).isNotNull();
    }
    assertThat(listed).isEqualTo(8);
  }

  @Test
  void theHelpNamesEveryKindAndBadOptionsAreRefusedByName() {
    for (Generator g : Kind.values()) {
      assertThat(RegimeSuite.USAGE).contains(g.name());
    }
    for (Generator g : HeldOut.values()) {
      assertThat(RegimeSuite.USAGE).contains(g.name());
    }
    assertThatThrownBy(() -> Options.parse(new String[] {"--seed", "3"}))
        .hasMessage("unknown option '--seed'");
    assertThatThrownBy(() -> Options.parse(new String[] {"--kinds", "AR6"}))
        .hasMessageContaining("AR6");
  }
}
