package dev.resdsl.runtime.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.PaperNetworks;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.summary.NetworkSummary.Row;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetworkSummaryTest {
  private static NetworkSummary summary;
  private static Map<String, Row> rows;

  @BeforeAll
  static void summarise() {
    summary = NetworkSummary.of(TinyNet.create(1));
    rows = summary.rows().stream().collect(Collectors.toMap(Row::name, Function.identity()));
  }

  @Test
  void totalsEqualTheHandCountedOnes() {
    assertEquals(TinyNet.TRAINABLE_PARAMETERS, summary.totalParameters());
    assertEquals(TinyNet.MULTIPLY_ADDS, summary.totalMultiplyAdds());
  }

  @Test
  void resNet20CountsAsThePaperAndTheHandCount() {
    NetworkSummary resNet20 = NetworkSummary.of(PaperNetworks.resNet20());
    assertEquals(269_722, resNet20.totalParameters());
    // 442,368 (stem) + 6 x 2,359,296 + 2 x (1,179,648 + 5 x 2,359,296) + 640 (dense).
    assertEquals(40_551_040, resNet20.totalMultiplyAdds());
  }

  @Test
  void resNet50CountsAsTorchvision() {
    GeneratedNetwork resNet50 = PaperNetworks.resNet50();
    NetworkSummary summary = NetworkSummary.of(resNet50);
    assertEquals(25_557_032, summary.totalParameters());
    long batchNormChannels =
        summary.rows().stream()
            .filter(row -> row.kind().equals("batch norm"))
            .mapToLong(row -> row.output().channels())
            .sum();
    assertEquals(25_557_032 + 2 * batchNormChannels, resNet50.graph().numParams());
  }

  @Test
  void describesEachVertex() {
    assertEquals(new Row("input", "input", new Shape(3, 9, 9), 0, 0, List.of()), rows.get("input"));
    assertEquals(
        new Row("stem_conv", "conv 3x3/1", new Shape(4, 9, 9), 108, 8_748, List.of("input")),
        rows.get("stem_conv"));
    assertEquals(
        new Row("stem_bn", "batch norm", new Shape(4, 9, 9), 8, 0, List.of("stem_conv")),
        rows.get("stem_bn"));
    assertEquals("relu", rows.get("stem_relu").kind());
    assertEquals("max pool 3x3/2", rows.get("stem").kind());
    assertEquals(
        new Row("a_block1_conv1", "conv 3x3/2", new Shape(8, 3, 3), 288, 2_592, List.of("stem")),
        rows.get("a_block1_conv1"));
    assertEquals(
        new Row(
            "a_block1_shortcut", "zero-pad shortcut", new Shape(8, 3, 3), 0, 0, List.of("stem")),
        rows.get("a_block1_shortcut"));
    assertEquals(
        new Row(
            "a_block1_add",
            "add",
            new Shape(8, 3, 3),
            0,
            0,
            List.of("a_block1_bn2", "a_block1_shortcut")),
        rows.get("a_block1_add"));
    assertEquals(
        new Row(
            "b_block1_shortcut_conv",
            "conv 1x1/2",
            new Shape(16, 2, 2),
            128,
            512,
            List.of("a_block1")),
        rows.get("b_block1_shortcut_conv"));
    assertEquals("global avg pool", rows.get("head_pool").kind());
    assertEquals(new Shape(16, 1, 1), rows.get("head_pool").output());
    assertEquals("dropout", rows.get("head_dropout").kind());
    assertEquals(
        new Row("output", "dense softmax", new Shape(5, 1, 1), 85, 80, List.of("head_dropout")),
        rows.get("output"));
  }

  @Test
  void rowsAreInTopologicalOrder() {
    assertEquals(28, summary.rows().size());
    Set<String> seen = new HashSet<>();
    for (Row row : summary.rows()) {
      assertTrue(seen.containsAll(row.inputs()), row.name() + " comes before its inputs");
      seen.add(row.name());
    }
    List<String> names = summary.rows().stream().map(Row::name).toList();
    assertEquals(
        List.of(
            "a_block1_conv1",
            "a_block1_bn1",
            "a_block1_relu1",
            "a_block1_conv2",
            "a_block1_bn2",
            "a_block1_shortcut",
            "a_block1_add",
            "a_block1"),
        names.subList(names.indexOf("a_block1_conv1"), names.indexOf("a_block1") + 1),
        "a block's layers stay together, in the order they were added");
  }

  @Test
  void tableIsAlignedWithHeaderAndTotals() {
    List<String> lines = summary.toTable().lines().toList();
    assertTrue(
        lines.get(0).matches("vertex +kind +output +parameters +multiply-adds +inputs"),
        lines.get(0));
    assertEquals(1 + 1 + 28 + 1 + 1, lines.size());
    assertTrue(
        lines.get(lines.size() - 1).matches("total +1,545 +18,076"), lines.get(lines.size() - 1));
    int kind = lines.get(0).indexOf("kind");
    int parametersEnd = lines.get(0).indexOf("parameters") + "parameters".length();
    String conv = lines.stream().filter(l -> l.startsWith("stem_conv ")).findFirst().orElseThrow();
    assertEquals(kind, conv.indexOf("conv 3x3/1"));
    assertEquals(parametersEnd, conv.indexOf("108") + 3, "numbers are right-aligned");
    assertTrue(conv.contains("8,748"), conv);
  }

  @Test
  void dotHasANodePerVertexAndAnEdgePerInput() {
    String dot = summary.toDot();
    assertTrue(dot.startsWith("digraph \"TinyNet\" {\n"), dot);
    assertTrue(dot.contains("  \"stem_conv\" [label=\"stem_conv\\nconv 3x3/1\\n4x9x9\"];\n"), dot);
    assertTrue(dot.contains("  \"a_block1_bn2\" -> \"a_block1_add\";\n"), dot);
    assertTrue(dot.contains("  \"a_block1_shortcut\" -> \"a_block1_add\";\n"), dot);
    assertTrue(dot.contains("  \"stem\" -> \"a_block1_shortcut\";\n"), dot);
    long edges = summary.rows().stream().mapToLong(r -> r.inputs().size()).sum();
    assertEquals(edges, dot.lines().filter(l -> l.contains(" -> ")).count());
  }

  @Test
  void mermaidIsTheSameGraph() {
    String mermaid = summary.toMermaid();
    List<String> names = summary.rows().stream().map(Row::name).toList();
    assertTrue(mermaid.startsWith("flowchart TD\n"), mermaid);
    int add = names.indexOf("a_block1_add");
    assertTrue(mermaid.contains("  v" + add + "[\"a_block1_add<br/>add<br/>8x3x3\"]\n"), mermaid);
    assertTrue(
        mermaid.contains("  v" + names.indexOf("a_block1_shortcut") + " --> v" + add + "\n"),
        mermaid);
    assertTrue(
        mermaid.contains("  v" + names.indexOf("a_block1_bn2") + " --> v" + add + "\n"), mermaid);
    long edges = summary.rows().stream().mapToLong(r -> r.inputs().size()).sum();
    assertEquals(edges, mermaid.lines().filter(l -> l.contains(" --> ")).count());
  }
}
