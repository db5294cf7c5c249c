package dev.resdsl.runtime.summary;

import dev.resdsl.model.Cost;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A layer-by-layer account of a network, read from its layer plan: every layer with its kind,
 * output shape, trainable parameters and multiply-adds, as a table, a Graphviz graph or a Mermaid
 * flowchart. The plan's shapes are the ones Deeplearning4j infers for the graph lowered from it
 * ({@link dev.resdsl.runtime.graph.GraphLowering} checks that every time it builds one).
 */
public final class NetworkSummary {
  /**
   * One layer of the network, a vertex of its graph.
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

  /** Summarises {@code net}'s layers as its plan has them, the input first. */
  public static NetworkSummary of(GeneratedNetwork net) {
    LayerPlan plan = net.plan();
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(LayerNames.INPUT, "input", plan.input(), 0, 0, List.of()));
    for (PlannedLayer layer : plan.layers()) {
      Cost cost = layer.cost();
      rows.add(new Row(layer.name(), layer.op().describe(), layer.output(), cost.parameters(),
          cost.multiplyAdds(), layer.inputs()));
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
