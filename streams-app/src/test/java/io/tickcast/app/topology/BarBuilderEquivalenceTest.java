package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.fixtures.Ticks;
import io.tickcast.model.domain.Bar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Processor-API bar builder equals the former DSL chain (validator + window store + suppress,
 * {@link DslBars}) on the same input: same bars, same dead letters in the same order.
 */
class BarBuilderEquivalenceTest {

  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  /** The wall clock: after every tick of the scenarios, none of which is refused as in the future. */
  private static final long AFTER_HISTORY = T0 + 86_400_000L;
  private static final long PRODUCE_TIME = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  @TempDir Path dir;

  /** Input record: key and value bytes. */
  private record In(String key, byte[] value) {}

  /** Output of one run: the bars and the dead letters (key, reason, value). */
  private record Out(List<Bar> bars, List<String> deadLetters) {}

  /**
   * A seeded mix: several symbols (sharing the task), ticks mostly in order with jitter, some
   * delayed within grace (out of order, must be folded in), some delayed past grace (late), re-sent
   * records (duplicates), id-less prints with equal content, and a few malformed records.
   */
  private static List<In> scenario(long seed, long graceMs) {
    Random rnd = new Random(seed);
    List<String> symbols = List.of("AAA", "BBB", "CCC", "DDD", "EEE");
    List<In> in = new ArrayList<>();
    List<In> sent = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < 3_000; i++) {
      t += rnd.nextInt(400);
      String s = symbols.get(rnd.nextInt(symbols.size()));
      double price = 100 + rnd.nextInt(50) / 10.0;
      double size = 1 + rnd.nextInt(3);
      if (i % 600 == 599) {
        // Exactly at the boundary: stream time reaches end + grace of the bar ending at e
        long e = (t / 60_000 + 1) * 60_000;
        t = e + graceMs;
        in.add(new In(s, Ticks.json(s, t, price, size)));
        in.add(new In(s, Ticks.json(s, e - 1, price, size))); // its bar just closed: late
        in.add(new In(s, Ticks.json(s, e, price, size))); // next bar, still open
        continue;
      }
      int kind = rnd.nextInt(100);
      long ts = t;
      if (kind < 8) {
        ts = t - rnd.nextInt(9_000); // within grace of the bar before, out of order
      } else if (kind < 12) {
        ts = t - 10_000 - rnd.nextInt(170_000); // often past end + grace: late
      }
      byte[] v = kind % 3 == 0
          ? Ticks.json(s, ts, price, size) // no id
          : Ticks.json(s, ts, price, size, s + "-" + i);
      In rec = new In(s, v);
      in.add(rec);
      sent.add(rec);
      if (kind >= 90 && kind < 95) {
        in.add(sent.get(Math.max(0, sent.size() - 1 - rnd.nextInt(20)))); // a re-sent record
      } else if (kind >= 95 && kind < 97) {
        in.add(new In(s, Ticks.json(s, ts, price, size))); // same content, no id
      } else if (kind == 97) {
        in.add(new In(s, Ticks.raw("{\"symbol\":\"" + s + "\",\"ts\":")));
      }
    }
    // Close everything: a far-future tick per symbol
    for (String s : symbols) {
      in.add(new In(s, Ticks.json(s, t + 600_000, 100, 1)));
    }
    return in;
  }

  private Out run(String name, Map<String, String> props, Function<TopologyDeps, Topology> topology,
      List<In> input) {
    try (TopologyFixture fx = new TopologyFixture(dir.resolve(name), props, AFTER_HISTORY, topology)) {
      TestInputTopic<String, byte[]> ticks = fx.driver.createInputTopic("ticks",
          Serdes.String().serializer(), Serdes.ByteArray().serializer());
      for (In r : input) {
        ticks.pipeInput(r.key(), r.value(), PRODUCE_TIME);
      }
      List<Bar> bars = fx.driver.createOutputTopic("bars", Serdes.String().deserializer(),
          fx.topics.bars().valueSerde().deserializer()).readValuesToList();
      List<String> dead = new ArrayList<>();
      for (TestRecord<String, byte[]> r : fx.driver.createOutputTopic("ticks.dlq",
          Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList()) {
        Header h = r.headers().lastHeader(DeadLetters.REASON);
        dead.add(r.key() + "|" + new String(h.value(), StandardCharsets.UTF_8) + "|"
            + new String(r.value(), StandardCharsets.UTF_8));
      }
      return new Out(bars, dead);
    }
  }

  static Topology builderBarsOnly(TopologyDeps deps) {
    StreamsBuilder b = new StreamsBuilder();
    ForecastTopology.addBars(b, deps);
    return b.build();
  }

  @ParameterizedTest(name = "dedup={0}, seed={1}, grace={2}")
  @CsvSource({"id,1,10s", "content,2,10s", "off,3,10s", "id,4,0s", "content,5,90s"})
  void shouldEmitTheSameBarsAndDeadLettersAsTheDslTopology(String dedup, long seed, String grace) {
    Map<String, String> props = Map.of("bar.size", "1m", "bar.grace", grace, "tick.dedup", dedup,
        "bar.idle.timeout", "0s");
    List<In> input = scenario(seed,
        io.tickcast.app.config.AppConfigLoader.parseDuration(grace).toMillis());

    Out dsl = run("dsl", props, DslBars::build, input);
    Out builder = run("builder", props, BarBuilderEquivalenceTest::builderBarsOnly, input);

    // The scenario exercises what it claims to
    assertThat(dsl.bars()).hasSizeGreaterThan(40);
    assertThat(dsl.deadLetters()).anyMatch(d -> d.contains("|late|"));
    assertThat(dsl.deadLetters()).anyMatch(d -> d.contains("|malformed_json|"));
    if (!dedup.equals("off")) {
      assertThat(dsl.deadLetters()).anyMatch(d -> d.contains("|duplicate|"));
    }
    assertThat(builder.deadLetters()).containsExactlyElementsOf(dsl.deadLetters());
    assertThat(builder.bars()).containsExactlyElementsOf(dsl.bars());
  }
}
