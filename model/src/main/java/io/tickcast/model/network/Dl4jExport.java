package io.tickcast.model.network;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.training.TrainerSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The export format: a tickcast model as a standard DL4J model zip, written by
 * {@link ModelSerializer#writeModel} (configuration, coefficients, Adam state) and loadable with
 * {@code ModelSerializer.restoreMultiLayerNetwork(file, true)}. The network is the one
 * {@link LstmNetworkFactory} defines, with the learner's parameter vector, Adam moments and
 * iteration count assigned; its {@code output()} on a {@code [n, F, T]} window gives the same
 * {@code (mu, ln σ)} as tickcast's kernel to float rounding. The learned skip from the fast
 * input to the mean ({@code training.FastSkip}) is not a DL4J layer: the network's mu is the
 * kernel's without it, and the exporter ships its coefficients in an extra entry for the reader
 * to add (the normaliser JSON documents how). Loading needs tickcast's
 * {@link GaussianNllLoss} on the classpath (the output layer's configured loss). Extra entries
 * (the normaliser) are appended to the zip. Stateless.
 */
public final class Dl4jExport {

  private Dl4jExport() {}

  /** A DL4J network holding exactly the snapshot's model. */
  public static MultiLayerNetwork network(ForecasterConfig cfg, TrainerSnapshot s) {
    MultiLayerNetwork net = LstmNetworkFactory.create(cfg);
    Dl4jParams.checkLayout(net, new LstmKernel(ForecasterConfig.INPUTS, cfg.hiddenSize()));
    if (s.params().length != net.numParams()) {
      throw new ModelException("model has " + s.params().length + " parameters, network "
          + net.numParams());
    }
    Dl4jParams.write(s.params(), net.params());
    INDArray state = net.getUpdater().getStateViewArray();
    if (state != null && s.updaterState() != null && state.length() == s.updaterState().length) {
      // DL4J's Adam view is [m | v], the layout tickcast's Adam persists.
      state.assign(Nd4j.createFromArray(s.updaterState()).reshape(state.shape()));
    }
    net.setIterationCount(s.iterationCount());
    return net;
  }

  /**
   * Writes {@code net} as a DL4J model zip with its updater, plus {@code extra} entries.
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(MultiLayerNetwork net, Map<String, byte[]> extra, Path out)
      throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path plain = Files.createTempFile(parent, "export", ".zip");
    try {
      ModelSerializer.writeModel(net, plain.toFile(), true);
      Path tmp = Files.createTempFile(parent, "export", ".zip");
      try (ZipFile in = new ZipFile(plain.toFile());
          OutputStream os = Files.newOutputStream(tmp);
          ZipOutputStream zip = new ZipOutputStream(os)) {
        Enumeration<? extends ZipEntry> entries = in.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          zip.putNextEntry(new ZipEntry(e.getName()));
          try (InputStream is = in.getInputStream(e)) {
            is.transferTo(zip);
          }
          zip.closeEntry();
        }
        for (Map.Entry<String, byte[]> e : extra.entrySet()) {
          zip.putNextEntry(new ZipEntry(e.getKey()));
          zip.write(e.getValue());
          zip.closeEntry();
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(plain);
    }
  }
}
