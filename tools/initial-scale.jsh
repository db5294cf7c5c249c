// Initial loss and feature scale of the four degradation networks on one Fashion-MNIST batch,
// for EXPERIMENTS.md. Run from the repository root after ./resdsl has built once:
//   jshell --class-path "cli/target/resdsl.jar:$(ls cli/target/lib/*.jar | tr '\n' :)" tools/initial-scale.jsh
import dev.resdsl.examples.*;
import dev.resdsl.model.plan.Parameter;
import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.backend.NativeBuildSelector;
import dev.resdsl.runtime.graph.GraphParameters;
import dev.resdsl.runtime.data.*;
import dev.resdsl.runtime.train.*;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
NativeBuildSelector.apply();
DataSplit split = DataSources.load("fashion-mnist", FashionPlain20.INPUT, 42, s -> {});
TrainingData data = TrainingData.of(split, TrainingConfig.paper(1), 10);
var it = data.trainingEpoch(0);
var batch = it.next();
for (String name : new String[] {"FashionPlain20", "FashionPlain56", "FashionResNet20", "FashionResNet56"}) {
  for (long seed : new long[] {42, 7}) {
    var net = NetworkCatalog.find(name).orElseThrow().create(seed);
    var acts = net.graph().feedForward(batch.getFeatures(), true);
    INDArray p = net.graph().outputSingle(true, batch.getFeatures());
    double loss = -Transforms.log(p.mul(batch.getLabels()).sum(1)).meanNumber().doubleValue();
    String in = net.plan().output().inputs().get(0);
    INDArray feat = acts.get(in);
    INDArray logits = feat.reshape(feat.size(0), -1).mmul(GraphParameters.array(net.graph(), net.plan().output().name(), Parameter.WEIGHT));
    System.out.printf("%s seed %d: initial loss %.3f, pooled-feature std %.3f, logit std %.3f%n", name, seed, loss, feat.stdNumber().doubleValue(), logits.stdNumber().doubleValue());
  }
}
/exit
