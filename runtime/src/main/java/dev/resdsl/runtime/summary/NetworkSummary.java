package dev.resdsl.runtime.summary;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.graph.ResidualGraphBuilder;
import dev.resdsl.runtime.graph.ZeroPadShortcutVertex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer-by-layer account of a built network, read from its Deeplearning4j graph rather than from
 * what the compiler inferred, so that the two can be compared: every vertex with its kind, output
 * shape, trainable parameters and multiply-adds, as a table, a Graphviz graph or a Mermaid
 * flowchart.
 */
public final class NetworkSummary {
  // Batch norm's running statistics: DL4J stores them as parameters, torchvision as buffers.
  private static final Set<String> RUNNING_STATISTICS =
      Set.of(
          BatchNormalizationParamInitializer.GLOBAL_MEAN,
          BatchNormalizationParamInitializer.GLOBAL_VAR,
          BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

  /**
   * One vertex of the graph.
   *
   * @param name the vertex's name
   * @param kind what it computes, such as {@code "conv 3x3/2"}, {@code "batch norm"}, {@code
   *     "relu"}, {@code "add"}, {@code "zero-pad shortcut"}, {@code "global avg pool"}, {@code
   *     "dense softmax"}
   * @param output the shape of one image's activations; flat ones of {@code n} values are {@code n
   *     x 1 x 1}
   * @param parameters trainable parameters: weights, biases, batch-norm gamma and beta
   * @param multiplyAdds multiply-adds of one image's forward pass, counted for convolutions and
   *     dense layers only
   * @param inputs the names of the vertices it reads, in order
   */
  public record Row(
      String name,
      String kind,
      Shape output,
      long parameters,
      long multiplyAdds,
      List<String> inputs) {
    /** Copies the inputs so that the row stays immutable. */
    public Row {
      inputs = List.copyOf(inputs);
    }
  }

  private final String network;
  private final List<Row> rows;

  private NetworkSummary(String network, List<Row> rows) {
    this.network = network;
    this.rows = List.copyOf(rows);
  }

  /** Summarises the graph that {@code net} runs. */
  public static NetworkSummary of(GeneratedNetwork net) {
    ComputationGraph graph = net.graph();
    ComputationGraphConfiguration configuration = graph.getConfiguration();
    Map<String, Shape> shapes =
        ResidualGraphBuilder.activationShapes(configuration, net.description().input());
    List<Row> rows = new ArrayList<>();
    for (String name : readingOrder(configuration)) {
      GraphVertex vertex = configuration.getVertices().get(name);
      List<String> inputs = configuration.getVertexInputs().getOrDefault(name, List.of());
      Shape output = shapes.get(name);
      if (vertex instanceof LayerVertex layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.getLayerConf().getLayer();
        Shape input = shapes.get(inputs.get(0));
        rows.add(
            new Row(
                name,
                kind(conf),
                output,
                trainableParameters(graph.getLayer(name), conf),
                multiplyAdds(conf, input, output),
                inputs));
      } else {
        rows.add(new Row(name, kind(vertex), output, 0, 0, inputs));
      }
    }
    return new NetworkSummary(net.name(), rows);
  }

  /** The vertices in topological order, the input first, each block's layers together. */
  public List<Row> rows() {
    return rows;
  }

  /** The sum of the rows' trainable parameters. */
  public long totalParameters() {
    return rows.stream().mapToLong(Row::parameters).sum();
  }

  /** The sum of the rows' multiply-adds. */
  public long totalMultiplyAdds() {
    return rows.stream().mapToLong(Row::multiplyAdds).sum();
  }

  /** An aligned text table, one line per vertex, with a header and a line of totals. */
  public String toTable() {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"vertex", "kind", "output", "parameters", "multiply-adds", "inputs"});
    for (Row row : rows) {
      lines.add(
          new String[] {
            row.name(),
            row.kind(),
            row.output().toString(),
            grouped(row.parameters()),
            grouped(row.multiplyAdds()),
            String.join(", ", row.inputs())
          });
    }
    lines.add(
        new String[] {
          "total", "", "", grouped(totalParameters()), grouped(totalMultiplyAdds()), ""
        });
    int[] widths = new int[lines.get(0).length];
    for (String[] line : lines) {
      for (int column = 0; column < line.length; column++) {
        widths[column] = Math.max(widths[column], line[column].length());
      }
    }
    String rule = "-".repeat(Arrays.stream(widths).sum() + 2 * (widths.length - 1)) + "\n";
    StringBuilder table = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (i == 1 || i == lines.size() - 1) {
        table.append(rule);
      }
      table.append(line(lines.get(i), widths));
    }
    return table.toString();
  }

  /** A Graphviz digraph: one box per vertex labelled name, kind and shape; edges from inputs. */
  public String toDot() {
    StringBuilder dot = new StringBuilder();
    dot.append("digraph ").append(quoted(network)).append(" {\n");
    dot.append("  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n");
    for (Row row : rows) {
      dot.append("  ")
          .append(quoted(row.name()))
          .append(" [label=")
          .append(quoted(row.name() + "\n" + row.kind() + "\n" + row.output()))
          .append("];\n");
    }
    for (Row row : rows) {
      for (String input : row.inputs()) {
        dot.append("  ")
            .append(quoted(input))
            .append(" -> ")
            .append(quoted(row.name()))
            .append(";\n");
      }
    }
    return dot.append("}\n").toString();
  }

  /**
   * A Mermaid {@code flowchart TD}, the same graph as {@link #toDot()}; nodes are named {@code v0},
   * {@code v1}, ... in row order, since Mermaid gives some words (such as {@code end}) a meaning of
   * their own.
   */
  public String toMermaid() {
    StringBuilder mermaid = new StringBuilder("flowchart TD\n");
    List<String> names = rows.stream().map(Row::name).toList();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String label = String.join("<br/>", row.name(), row.kind(), row.output().toString());
      mermaid
          .append("  v")
          .append(i)
          .append("[\"")
          .append(label.replace("\"", "#quot;"))
          .append("\"]\n");
    }
    for (int i = 0; i < rows.size(); i++) {
      for (String input : rows.get(i).inputs()) {
        mermaid.append("  v").append(names.indexOf(input)).append(" --> v").append(i).append('\n');
      }
    }
    return mermaid.toString();
  }

  @Override
  public String toString() {
    return toTable();
  }

  /**
   * The vertices in the order they were added to the graph, as far as the edges allow: a block's
   * layers stay together, where Deeplearning4j's own topological sort interleaves a block's
   * branches.
   */
  private static List<String> readingOrder(ComputationGraphConfiguration configuration) {
    List<String> pending = new ArrayList<>(configuration.getNetworkInputs());
    pending.addAll(configuration.getVertices().keySet());
    Map<String, List<String>> inputs = configuration.getVertexInputs();
    Set<String> placed = new HashSet<>();
    List<String> order = new ArrayList<>();
    while (!pending.isEmpty()) {
      String next =
          pending.stream()
              .filter(name -> placed.containsAll(inputs.getOrDefault(name, List.of())))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("the graph has a cycle: " + pending));
      pending.remove(next);
      placed.add(next);
      order.add(next);
    }
    return order;
  }

  private static String kind(org.deeplearning4j.nn.conf.layers.Layer layer) {
    if (layer instanceof ConvolutionLayer conv) {
      return "conv " + window(conv.getKernelSize(), conv.getStride());
    }
    if (layer instanceof BatchNormalization) {
      return "batch norm";
    }
    if (layer instanceof ActivationLayer activation) {
      return activation.getActivationFn().toString().toLowerCase(Locale.ROOT);
    }
    if (layer instanceof SubsamplingLayer pool) {
      return lower(pool.getPoolingType())
          + " pool "
          + window(pool.getKernelSize(), pool.getStride());
    }
    if (layer instanceof GlobalPoolingLayer pool) {
      return "global " + lower(pool.getPoolingType()) + " pool";
    }
    if (layer instanceof DropoutLayer) {
      return "dropout";
    }
    if (isDense(layer)) {
      return "dense " + ((BaseLayer) layer).getActivationFn().toString().toLowerCase(Locale.ROOT);
    }
    return lower(layer.getClass().getSimpleName());
  }

  private static String kind(GraphVertex vertex) {
    if (vertex == null) {
      return "input";
    }
    if (vertex instanceof ZeroPadShortcutVertex) {
      return "zero-pad shortcut";
    }
    if (vertex instanceof ElementWiseVertex sum) {
      return lower(sum.getOp());
    }
    return lower(vertex.getClass().getSimpleName());
  }

  private static long trainableParameters(
      Layer layer, org.deeplearning4j.nn.conf.layers.Layer conf) {
    boolean batchNorm = conf instanceof BatchNormalization;
    long count = 0;
    for (Map.Entry<String, INDArray> parameter : layer.paramTable().entrySet()) {
      if (!(batchNorm && RUNNING_STATISTICS.contains(parameter.getKey()))) {
        count += parameter.getValue().length();
      }
    }
    return count;
  }

  private static long multiplyAdds(
      org.deeplearning4j.nn.conf.layers.Layer conf, Shape input, Shape output) {
    if (conf instanceof ConvolutionLayer conv) {
      int[] kernel = conv.getKernelSize();
      return (long) kernel[0] * kernel[1] * input.channels() * output.size();
    }
    if (isDense(conf)) {
      FeedForwardLayer dense = (FeedForwardLayer) conf;
      return dense.getNIn() * dense.getNOut();
    }
    return 0;
  }

  /** A fully connected layer: batch norm, dropout and convolutions are feed-forward layers too. */
  private static boolean isDense(org.deeplearning4j.nn.conf.layers.Layer layer) {
    return layer instanceof DenseLayer || layer instanceof BaseOutputLayer;
  }

  /** {@code "3x3/2"}: the graph builder makes square windows with equal strides. */
  private static String window(int[] kernel, int[] stride) {
    return kernel[0] + "x" + kernel[1] + "/" + stride[0];
  }

  private static String lower(Object value) {
    return value.toString().toLowerCase(Locale.ROOT);
  }

  private static String grouped(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Text columns left-aligned, numeric ones (parameters, multiply-adds) right-aligned. */
  private static String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int column = 0; column < cells.length; column++) {
      boolean numeric = column == 3 || column == 4;
      String format = "%" + (numeric ? "" : "-") + widths[column] + "s";
      line.append(column == 0 ? "" : "  ")
          .append(String.format(Locale.ROOT, format, cells[column]));
    }
    return line.toString().stripTrailing() + "\n";
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
