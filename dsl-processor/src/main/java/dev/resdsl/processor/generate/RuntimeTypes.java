package dev.resdsl.processor.generate;

import com.palantir.javapoet.ClassName;

/**
 * The runtime and library types that generated code uses, named here because the processor
 * does not have ND4J, Deeplearning4j or the runtime on its classpath. The types of {@code
 * dsl-model}, which it has, are named by their classes.
 */
final class RuntimeTypes {
  private RuntimeTypes() {}

  static final String RUNTIME = "dev.resdsl.runtime";
  static final String GRAPH = "dev.resdsl.runtime.graph";

  static final ClassName RESIDUAL_NETWORK = ClassName.get(RUNTIME + ".network", "ResidualNetwork");
  static final ClassName NETWORK_DESCRIPTION = ClassName.get(RUNTIME, "NetworkDescription");
  static final ClassName STAGE_DESCRIPTION = ClassName.get(RUNTIME, "StageDescription");
  static final ClassName NETWORK_FACTORY = ClassName.get(RUNTIME, "NetworkFactory");
  static final ClassName GENERATED_NETWORK = ClassName.get(RUNTIME, "GeneratedNetwork");
  static final ClassName GRAPH_LOWERING = ClassName.get(GRAPH, "GraphLowering");
  static final ClassName COMPUTATION_GRAPH =
      ClassName.get("org.deeplearning4j.nn.graph", "ComputationGraph");
  static final ClassName GRAPH_CONFIGURATION =
      ClassName.get("org.deeplearning4j.nn.conf", "ComputationGraphConfiguration");
  static final ClassName INDARRAY = ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
}
