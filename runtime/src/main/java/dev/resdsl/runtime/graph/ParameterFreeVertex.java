package dev.resdsl.runtime.graph;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * The configuration of a ResDSL graph vertex without parameters or working memory: what the
 * zero-padding shortcut and the channel scaling share.
 */
abstract class ParameterFreeVertex extends GraphVertex {
  @Override
  public final long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public final MemoryReport getMemoryReport(InputType... inputs) {
    return new LayerMemoryReport.Builder(null, getClass(), inputs[0], getOutputType(-1, inputs))
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }
}
