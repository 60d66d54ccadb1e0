package io.tickcast.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the pipeline against a Kafka cluster; without one configured, the demo. */
@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Runs the pipeline against a Kafka cluster (bootstrap.servers). "
        + "Without bootstrap.servers it runs the self-contained demo.",
    footer = {"%nExample:%n  tickcast run --bootstrap-servers kafka:9092 --http-port 8080"})
final class RunCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", descriptionKey = "bootstrap.servers", paramLabel = "HOST:PORT",
      description = "Kafka cluster (bootstrap.servers); empty runs the demo.")
  String bootstrapServers;

  @Option(names = "--application-id", descriptionKey = "application.id", paramLabel = "ID",
      description = "Kafka Streams application id (application.id).")
  String applicationId;

  @Option(names = "--state-dir", descriptionKey = "state.dir", paramLabel = "DIR",
      description = "Kafka Streams state directory (state.dir).")
  String stateDir;

  @Option(names = "--http-port", descriptionKey = "metrics.port", paramLabel = "PORT",
      description = "HTTP port of /metrics, /health, /api and the live page (metrics.port); 0 = any free.")
  Integer httpPort;

  @Option(names = "--http-bind-address", descriptionKey = "http.bind.address", paramLabel = "ADDR",
      description = "Interface the HTTP endpoint listens on (http.bind.address).")
  String httpBindAddress;

  @Override
  public Integer call() throws Exception {
    Pipelines.pipelineOrDemo(ConfigOverrides.load(spec, common));
    return 0;
  }
}
