package dev.resdsl.cli;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.exec.FastPath;
import dev.resdsl.runtime.exec.FastTraining;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code resdsl bench MODEL [--batch B] [--mode infer|train] [--iterations N] [--engine
 * resdsl|onnxruntime]}: throughput on random images after two warm-up steps, measured as {@code
 * ../shared/bench/torch_peer.py} measures PyTorch. Prints the engine, then, last, {@code MODEL
 * MODE batch=B images_per_s=X}. ResDSL's engine is the path training and prediction take: the
 * fast path, or with {@code -Dresdsl.fast=false} the ComputationGraph (with {@code
 * -Dresdsl.onednn=false} too, plain Deeplearning4j). onnxruntime runs the network exported to
 * ONNX, in this JVM, inference only.
 */
final class BenchCommand {
  private static final int WARMUP = 2;
  private static final String RESDSL = "resdsl";
  private static final String ONNXRUNTIME = "onnxruntime";

  private BenchCommand() {}

  static void run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = Arguments.parse("bench", args,
        Set.of("batch", "mode", "iterations", "engine"), Set.of());
    NetworkFactory model = ResDsl.model(a.single("model", "ResNet20 --batch 128 --mode train"));
    int batch = a.positiveInt("batch", 128);
    int iterations = a.positiveInt("iterations", 5);
    String mode = a.string("mode", "infer");
    if (!mode.equals("infer") && !mode.equals("train")) {
      throw new UsageException("bench: --mode is infer or train, got '" + mode + "'");
    }
    String engine = a.string("engine", RESDSL);
    if (!engine.equals(RESDSL) && !engine.equals(ONNXRUNTIME)) {
      throw new UsageException("bench: --engine is resdsl or onnxruntime, got '" + engine + "'");
    }
    if (engine.equals(ONNXRUNTIME) && mode.equals("train")) {
      throw new UsageException("bench: --engine onnxruntime runs inference only: use --mode"
          + " infer, or --engine resdsl to train");
    }
    err.println(ResDsl.backendLine());
    GeneratedNetwork network = model.create(0);
    Shape input = model.description().input();
    int classes = model.description().classes();
    INDArray images = Nd4j.randn(DataType.FLOAT, input.batchOf(batch));
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int i = 0; i < batch; i++) {
      labels.putScalar(i, i % classes, 1);
    }
    if (engine.equals(ONNXRUNTIME)) {
      try (OnnxRuntimeEngine onnxruntime = OnnxRuntimeEngine.load(network)) {
        out.println("engine: " + onnxruntime.describe());
        time(model.name(), mode, batch, iterations, onnxruntime.inference(images), out);
      }
      return;
    }
    out.println("engine: resdsl" + (FastPath.enabled() ? ""
        : ", through the ComputationGraph (-D" + FastPath.PROPERTY + "=false)"));
    DataSet data = new DataSet(images, labels);
    Runnable step;
    if (mode.equals("train")) {
      FastTraining fast = FastPath.training(network);
      if (fast == null) {
        // Not what train runs unless asked for: said, so that the figure is not taken for it.
        err.println("resdsl: bench times " + model.name() + "'s training through Deeplearning4j's"
            + " layers (graph.fit), not the fast path: " + (FastPath.trainingEnabled()
                ? "the fast path cannot train this network (the warning above says why)"
                : "-D" + FastPath.PROPERTY + "=false or -D" + FastPath.TRAINING_PROPERTY
                    + "=false"));
      }
      step = fast != null ? () -> fast.fit(images, labels) : () -> network.graph().fit(data);
    } else {
      step = () -> network.predict(images);
    }
    time(model.name(), mode, batch, iterations, step, out);
  }

  /** Runs {@code step} twice to warm up, then times it and prints the closing line. */
  private static void time(String model, String mode, int batch, int iterations, Runnable step,
      PrintStream out) {
    for (int i = 0; i < WARMUP; i++) {
      step.run();
    }
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      step.run();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "%s %s batch=%d images_per_s=%.2f%n", model, mode, batch,
        (double) batch * iterations / seconds);
  }
}
