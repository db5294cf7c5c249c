package dev.resdsl.cli;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.Weights;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.onnx.OnnxExport;
import dev.resdsl.runtime.onnx.UnsupportedLayerException;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code resdsl export MODEL --onnx FILE [--checkpoint FILE | --torchvision FILE.safetensors]
 * [--seed S]}: the network as an ONNX model (see {@link OnnxExport}), with a checkpoint's weights,
 * normalisation and class names, a torchvision state dict's weights, or freshly initialised
 * weights. The file is replaced whole or not at all.
 */
final class ExportCommand {
  private ExportCommand() {}

  static void run(List<String> args, PrintStream out) throws UsageException, IOException {
    Arguments a = Arguments.parse("export", args,
        Set.of("onnx", "checkpoint", "torchvision", "seed"), Set.of());
    NetworkFactory model = ResDsl.model(a.single("model",
        "ResNet20 --onnx ResNet20.onnx --checkpoint runs/ResNet20/checkpoint.zip"));
    Path file = Path.of(a.required("onnx", model.name() + ".onnx"));
    if (Files.isDirectory(file)) {
      throw new UsageException("export: --onnx " + file + " is a folder: give a file name, such"
          + " as --onnx " + file.resolve(model.name() + ".onnx"));
    }
    Optional<String> checkpoint = Optional.ofNullable(a.string("checkpoint", null));
    Optional<String> torchvision = Optional.ofNullable(a.string("torchvision", null));
    if (checkpoint.isPresent() && torchvision.isPresent()) {
      throw new UsageException("export: give --checkpoint or --torchvision, not both");
    }
    // Train's default, so that an untrained export is the network train would start from.
    long seed = a.longValue("seed", TrainingConfig.paper(1).seed());

    GeneratedNetwork network;
    OnnxExport export;
    String weights;
    if (checkpoint.isPresent()) {
      Path path = Path.of(checkpoint.get());
      network = model.load(path);
      export = OnnxExport.of(network);
      Optional<TrainingState> state = TrainingCheckpoint.readState(path);
      Optional<Normalization> normalization =
          state.flatMap(TrainingState::recordedNormalization);
      if (normalization.isPresent()) {
        export = export.withNormalization(normalization.get());
      }
      List<String> names = state.map(TrainingState::classNames).orElse(List.of());
      if (names.size() == model.description().classes()) {
        export = export.withClassNames(names);
      }
      weights = "the weights of checkpoint " + path;
    } else if (torchvision.isPresent()) {
      Path path = Path.of(torchvision.get());
      network = model.create(seed);
      Weights.importTorchvision(network, path);
      export = OnnxExport.of(network);
      weights = "the torchvision weights of " + path;
    } else {
      network = model.create(seed);
      export = OnnxExport.of(network);
      weights = "freshly initialised weights (seed " + seed + "), untrained";
    }
    try {
      export.withDescription(model.name() + " with " + weights).write(file);
    } catch (UnsupportedLayerException e) {
      throw new UsageException(e.getMessage());
    } catch (IOException e) {
      throw new UsageException("export: cannot write " + file + " (" + ResDsl.describe(e)
          + "): give --onnx a path in a folder you can write");
    }
    out.println("wrote " + file + ": " + model.name() + " as ONNX opset " + OnnxExport.OPSET
        + " with " + weights);
    out.println("input '" + OnnxExport.INPUT + "' float32 [N, "
        + model.description().input().channels() + ", " + model.description().input().height()
        + ", " + model.description().input().width() + "], output '" + OnnxExport.OUTPUT
        + "' [N, " + model.description().classes() + "] (softmax)");
    if (checkpoint.isEmpty() && torchvision.isEmpty()) {
      out.println("the weights are not trained: pass --checkpoint or --torchvision for a model"
          + " worth serving");
    }
    String normalization = export.metadata().get(OnnxExport.NORMALIZATION);
    if (normalization != null) {
      out.println("the model does not normalise: scale pixels to [0, 1], then apply"
          + " (x - mean[c]) / std[c] per channel with " + normalization + " (metadata "
          + OnnxExport.NORMALIZATION + ")");
    } else if (torchvision.isPresent()) {
      out.println("no normalisation is recorded: torchvision's ImageNet weights take pixels in"
          + " [0, 1] normalised with mean [0.485, 0.456, 0.406] and std [0.229, 0.224, 0.225]");
    } else if (checkpoint.isPresent()) {
      out.println("no normalisation is recorded in the checkpoint: feed images as they were fed"
          + " in training");
    }
  }
}
