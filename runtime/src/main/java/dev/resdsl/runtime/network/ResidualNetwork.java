package dev.resdsl.runtime.network;

import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.runtime.Checkpoints;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.backend.NativeBackend;
import dev.resdsl.runtime.backend.NativeBuildSelector;
import dev.resdsl.runtime.exec.FastInference;
import dev.resdsl.runtime.exec.FastPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The base of every generated network: a Deeplearning4j graph with the description the compiler
 * inferred for it.
 */
public abstract class ResidualNetwork implements GeneratedNetwork {
  static {
    // Generated networks extend this class, so this runs before their code builds anything with
    // DL4J, which would load ND4J's native library before its build is chosen.
    NativeBuildSelector.apply();
  }

  private final NetworkDescription description;
  private final LayerPlan plan;
  private final ComputationGraph graph;
  private volatile Optional<FastInference> fast;

  /** Wraps a graph lowered from {@code plan}, or loaded for the network it describes. */
  protected ResidualNetwork(
      NetworkDescription description, LayerPlan plan, ComputationGraph graph) {
    this.description = description;
    this.plan = plan;
    this.graph = graph;
  }

  /** A new, initialised graph of the configuration. */
  protected static ComputationGraph instantiate(ComputationGraphConfiguration configuration) {
    return NativeBackend.withLayerHelpers(() -> {
      ComputationGraph graph = new ComputationGraph(configuration);
      graph.init();
      return graph;
    });
  }

  /**
   * Reads a graph saved by {@link #save}, refusing one of another architecture.
   *
   * @throws dev.resdsl.runtime.ArchitectureMismatchException if the file holds another architecture
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if the file is not a checkpoint or cannot be read
   */
  protected static ComputationGraph restore(Path file, NetworkDescription expected)
      throws IOException {
    return Checkpoints.read(file, expected);
  }

  @Override
  public final NetworkDescription description() {
    return description;
  }

  @Override
  public final LayerPlan plan() {
    return plan;
  }

  @Override
  public final ComputationGraph graph() {
    return graph;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs on {@link FastInference} (the same results, several times faster) unless {@code
   * -Dresdsl.fast=false}; calls on one network are then serialised.
   */
  @Override
  public INDArray predict(INDArray images) {
    INDArray checked = checked(images);
    Optional<FastInference> path = fast;
    if (path == null || path.isPresent() && !path.get().isOver(graph)) {
      path = Optional.ofNullable(
          FastPath.orFallback(name(), "inference", () -> FastInference.of(this)));
      fast = path;
    }
    return path.isPresent() ? path.get().output(checked) : graph.outputSingle(false, checked);
  }

  /**
   * The activations of {@code vertex} for a batch of images, shape-checked like predict.
   *
   * @throws IllegalArgumentException if the graph has no such vertex or the images do not fit
   */
  protected INDArray activations(String vertex, INDArray images) {
    GraphVertex target = graph.getVertex(vertex);
    if (target == null) {
      throw new IllegalArgumentException(name() + " has no vertex \"" + vertex + "\"");
    }
    INDArray checked = checked(images);
    // Stops at the vertex; the activations are detached from DL4J's workspaces.
    return graph
        .feedForward(new INDArray[] {checked}, target.getVertexIndex(), false, true)
        .get(vertex);
  }

  @Override
  public void save(Path file) throws IOException {
    Checkpoints.write(graph, description, file);
  }

  /** The images, checked, or an exception naming the expected shape. */
  private INDArray checked(INDArray images) {
    Shape input = description.input();
    String expected =
        "[N, " + input.channels() + ", " + input.height() + ", " + input.width() + "]";
    if (images == null) {
      throw new IllegalArgumentException(
          name() + " expects images of shape " + expected + ", got null");
    }
    long[] shape = images.shape();
    if (shape.length != 4
        || shape[1] != input.channels()
        || shape[2] != input.height()
        || shape[3] != input.width()) {
      throw new IllegalArgumentException(
          name() + " expects images of shape " + expected + ", got " + Arrays.toString(shape));
    }
    if (shape[0] == 0) {
      throw new IllegalArgumentException(
          name() + " expects at least one image of shape " + expected + ", got an empty batch");
    }
    if (!images.dataType().isFPType()) {
      throw new IllegalArgumentException(
          name()
              + " expects floating-point images, got "
              + images.dataType()
              + "; convert them with castTo(DataType.FLOAT)");
    }
    // A NaN or infinite pixel would make every probability NaN without a word.
    // ND4J's conditions miss NaN in half precision: those are checked as float.
    INDArray probe = images.dataType() == DataType.FLOAT || images.dataType() == DataType.DOUBLE
        ? images
        : images.castTo(DataType.FLOAT);
    if (!BooleanIndexing.and(probe, Conditions.isFinite())) {
      long nan = probe.scan(Conditions.isNan()).longValue();
      long infinite = probe.scan(Conditions.isInfinite()).longValue();
      throw new IllegalArgumentException(
          name()
              + " expects finite pixel values, got "
              + (nan + infinite)
              + " non-finite ("
              + nan
              + " NaN, "
              + infinite
              + " infinite) in images of shape "
              + Arrays.toString(shape));
    }
    // Other floating-point types are fine: DL4J casts them to the network's type.
    return images;
  }
}
