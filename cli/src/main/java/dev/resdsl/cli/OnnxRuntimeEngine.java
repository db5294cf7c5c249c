package dev.resdsl.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.onnx.OnnxExport;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ONNX model loaded into onnxruntime in this JVM, as a client loads it: from a file, for {@code
 * bench --engine onnxruntime} a temporary one, deleted once the session has read it.
 */
final class OnnxRuntimeEngine implements AutoCloseable {
  /** Intra-op threads: the two cores that ResDSL's engine is measured on. */
  static final int THREADS = 2;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private OnnxTensor input;

  private OnnxRuntimeEngine(OrtEnvironment environment, OrtSession session) {
    this.environment = environment;
    this.session = session;
  }

  /** Exports {@code network} and loads it with {@link #THREADS} intra-op threads. */
  static OnnxRuntimeEngine load(GeneratedNetwork network) throws IOException {
    Path file = Files.createTempFile("resdsl-" + network.name() + "-", ".onnx");
    try {
      OnnxExport.write(network, file);
      return open(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Loads the ONNX model in {@code file} with {@link #THREADS} intra-op threads. */
  static OnnxRuntimeEngine open(Path file) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(THREADS);
      options.setInterOpNumThreads(1);
      return new OnnxRuntimeEngine(environment, environment.createSession(file.toString(),
          options));
    } catch (OrtException e) {
      throw new IllegalStateException("onnxruntime cannot load " + file + ": " + e.getMessage(),
          e);
    }
  }

  /** The model's metadata ({@code metadata_props}). */
  Map<String, String> metadata() {
    try {
      return session.getMetadata().getCustomMetadata();
    } catch (OrtException e) {
      throw new IllegalStateException("onnxruntime cannot read the metadata: " + e.getMessage(),
          e);
    }
  }

  /** The model's output for {@code images}, the class probabilities. */
  INDArray probabilities(INDArray images) {
    try (OnnxTensor tensor = tensor(images);
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
      return Nd4j.create((float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue());
    } catch (OrtException e) {
      throw new IllegalStateException("onnxruntime failed: " + e.getMessage(), e);
    }
  }

  /** The engine, for the line bench prints before its result. */
  String describe() {
    return "onnxruntime " + environment.getVersion() + " (CPU, " + THREADS
        + " intra-op threads), running the network exported to ONNX";
  }

  /**
   * One inference over {@code images}, which are copied into onnxruntime once, here: each run
   * then measures onnxruntime alone, as bench measures ResDSL's engine on images already in
   * ND4J.
   */
  Runnable inference(INDArray images) {
    if (input != null) {
      input.close();
    }
    try {
      input = tensor(images);
    } catch (OrtException e) {
      throw new IllegalStateException("onnxruntime cannot take the images: " + e.getMessage(), e);
    }
    Map<String, OnnxTensor> inputs = Map.of(OnnxExport.INPUT, input);
    return () -> {
      try (OrtSession.Result result = session.run(inputs)) {
        result.get(OnnxExport.OUTPUT).orElseThrow();
      } catch (OrtException e) {
        throw new IllegalStateException("onnxruntime failed: " + e.getMessage(), e);
      }
    };
  }

  private OnnxTensor tensor(INDArray images) throws OrtException {
    float[] pixels = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    return OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels), images.shape());
  }

  @Override
  public void close() {
    if (input != null) {
      input.close();
    }
    try {
      session.close();
    } catch (OrtException e) {
      // Closing frees native memory the JVM is about to give back anyway; nothing to tell.
    }
  }
}
