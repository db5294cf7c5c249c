package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.NetworkFactory;
import java.io.Serializable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What an executor needs to build its own copy of a run's network: the generated network's name,
 * which finds its layer plan on the executor's classpath, and the driver's graph configuration
 * with the run's optimiser, as JSON. The run's id tells an executor's copies of this run from
 * those of an earlier one.
 *
 * @param run an id of the training run, unique to it
 * @param network the generated network's name, as {@link NetworkCatalog#find} takes it
 * @param configuration the driver's {@link ComputationGraphConfiguration#toJson}
 */
record NetworkBlueprint(String run, String network, String configuration) implements Serializable {
  /** The blueprint of {@code network} as it is configured now, for a run called {@code run}. */
  static NetworkBlueprint of(String run, GeneratedNetwork network) {
    return new NetworkBlueprint(run, network.name(), network.graph().getConfiguration().toJson());
  }

  /**
   * A new copy with this configuration, its parameters still to be set.
   *
   * @throws IllegalStateException if the executor's classpath has no network of this name
   */
  WorkerNetwork build() {
    NetworkFactory factory = NetworkCatalog.find(network).orElseThrow(() ->
        new IllegalStateException("the executor's classpath has no network " + network
            + ": ship the jar of its spec with --jars"));
    // The plan comes with a network of the generated class; the graph is the driver's, whose
    // optimiser the run configured.
    ComputationGraph graph =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration));
    graph.init();
    return new WorkerNetwork(graph, factory.create(0).plan());
  }
}
