package io.tickcast.app.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap-servers} option of the client commands ({@code feed}, {@code export}):
 * its value reaches the config through the key {@code bootstrap.servers} (see {@link
 * ConfigOverrides}); unset, they talk to the demo's embedded broker on this host.
 */
final class ClientClusterOption {

  @Option(names = "--bootstrap-servers", descriptionKey = "bootstrap.servers", paramLabel = "HOST:PORT",
      description = "Kafka cluster (bootstrap.servers); empty = 127.0.0.1:demo.broker.port.")
  String bootstrapServers;
}
