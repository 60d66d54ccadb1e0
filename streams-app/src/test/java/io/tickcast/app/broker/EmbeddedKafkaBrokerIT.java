package io.tickcast.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real in-process KRaft broker: start, produce/consume, bounce, reuse, two at once. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaBrokerIT {

  private static final int RECORDS = 100;
  private static final Duration POLL_DEADLINE = Duration.ofSeconds(30);

  @Test
  void shouldKeepDataAcrossStopAndRestartOnTheSamePort(TestInfo testInfo) throws Exception {
    // Given a broker on a free port and a topic holding 100 records
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(null, 0, Map.of())) {
      String topic = uniqueName(testInfo);
      String bootstrap = broker.bootstrapServers();
      String clusterId = broker.clusterId();
      assertThat(bootstrap).startsWith("127.0.0.1:").doesNotEndWith(":0");
      createTopic(bootstrap, topic);
      produce(bootstrap, topic, 0, RECORDS);
      assertThat(consumeWithGroup(bootstrap, topic, RECORDS)).containsExactlyElementsOf(values(0));

      // When the broker is stopped
      broker.stop();

      // Then sends fail, because nothing listens on the port
      assertThat(broker.isRunning()).isFalse();
      Map<String, Object> impatient =
          Map.of(
              ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
              ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
              ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000);
      try (Producer<String, String> producer = producer(bootstrap, impatient)) {
        ProducerRecord<String, String> lost = new ProducerRecord<>(topic, "k", "lost");
        assertThatThrownBy(() -> producer.send(lost).get(10, TimeUnit.SECONDS))
            .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
      }

      // When it is restarted
      broker.restart();

      // Then it is back on the same address and cluster with the old data, and accepts new data
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(broker.clusterId()).isEqualTo(clusterId);
      assertThat(consumeFromStart(bootstrap, topic, RECORDS)).containsExactlyElementsOf(values(0));
      produce(bootstrap, topic, RECORDS, RECORDS);
      List<String> all = new ArrayList<>(values(0));
      all.addAll(values(RECORDS));
      assertThat(consumeFromStart(bootstrap, topic, 2 * RECORDS)).containsExactlyElementsOf(all);
    }
  }

  @Test
  void shouldReuseAFormattedLogDirAndKeepIt(TestInfo testInfo, @TempDir Path dir)
      throws Exception {
    // Given a broker that wrote 100 records into a caller-owned directory, then was closed
    Path logDir = dir.resolve("kafka");
    String topic = uniqueName(testInfo);
    String clusterId;
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(logDir, 0, Map.of())) {
      clusterId = first.clusterId();
      createTopic(first.bootstrapServers(), topic);
      produce(first.bootstrapServers(), topic, 0, RECORDS);
    }
    assertThat(logDir.resolve("meta.properties")).exists();

    // When a new broker starts on that directory, on another port
    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(logDir, 0, Map.of())) {
      // Then it skips formatting, keeps the cluster id and serves the old records
      assertThat(second.clusterId()).isEqualTo(clusterId);
      assertThat(consumeFromStart(second.bootstrapServers(), topic, RECORDS))
          .containsExactlyElementsOf(values(0));
    }
    assertThat(logDir).isDirectory();
  }

  @Test
  void shouldRunTwoIndependentBrokersInOneJvm(TestInfo testInfo) throws Exception {
    // Given two brokers running at the same time, one with an override
    String topic = uniqueName(testInfo);
    Path tempDirOfA;
    try (EmbeddedKafkaBroker a = EmbeddedKafkaBroker.start(null, 0, Map.of());
        EmbeddedKafkaBroker b =
            EmbeddedKafkaBroker.start(null, 0, Map.of("num.partitions", "3"))) {
      tempDirOfA = a.logDir();
      assertThat(a.bootstrapServers()).isNotEqualTo(b.bootstrapServers());
      assertThat(a.clusterId()).isNotEqualTo(b.clusterId());

      // When the same topic name is created on both and only A gets records
      createTopic(a.bootstrapServers(), topic);
      try (Admin admin = admin(b.bootstrapServers())) {
        // No partition count given, so the broker default (the override) applies.
        admin
            .createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      produce(a.bootstrapServers(), topic, 0, RECORDS);

      // Then each broker has its own data and its own config
      assertThat(consumeFromStart(a.bootstrapServers(), topic, RECORDS)).hasSize(RECORDS);
      assertThat(endOffsets(b.bootstrapServers(), topic)).hasSize(3).containsOnly(0L);
    }
    // And closing a broker deletes the temp dir it created
    assertThat(Files.exists(tempDirOfA)).isFalse();
  }

  private static String uniqueName(TestInfo testInfo) {
    String method = testInfo.getTestMethod().orElseThrow().getName();
    return "it-" + method + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<String> values(int from) {
    List<String> values = new ArrayList<>(RECORDS);
    for (int i = from; i < from + RECORDS; i++) {
      values.add("value-" + i);
    }
    return values;
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  private static void createTopic(String bootstrap, String topic) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Producer<String, String> producer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static void produce(String bootstrap, String topic, int from, int count)
      throws Exception {
    try (Producer<String, String> producer = producer(bootstrap, Map.of())) {
      List<Future<RecordMetadata>> sends = new ArrayList<>(count);
      for (int i = from; i < from + count; i++) {
        sends.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 3), "value-" + i)));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Reads through a consumer group, which exercises the group coordinator and offsets topic. */
  private static List<String> consumeWithGroup(String bootstrap, String topic, int expected) {
    Map<String, Object> config = consumerConfig(bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      return poll(consumer, expected);
    }
  }

  private static List<String> consumeFromStart(String bootstrap, String topic, int expected) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(bootstrap))) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return poll(consumer, expected);
    }
  }

  private static List<Long> endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(bootstrap))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      return List.copyOf(consumer.endOffsets(partitions, Duration.ofSeconds(30)).values());
    }
  }

  private static Map<String, Object> consumerConfig(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return config;
  }

  /** Polls until {@code expected} records arrive or the deadline passes. */
  private static List<String> poll(KafkaConsumer<String, String> consumer, int expected) {
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
    while (values.size() < expected && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        values.add(record.value());
      }
    }
    return values;
  }
}
