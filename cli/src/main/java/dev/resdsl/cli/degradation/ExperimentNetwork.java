package dev.resdsl.cli.degradation;

import dev.resdsl.examples.FashionPlain20;
import dev.resdsl.examples.FashionPlain56;
import dev.resdsl.examples.FashionResNet20;
import dev.resdsl.examples.FashionResNet56;
import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.NetworkFactory;
import java.util.Arrays;
import java.util.Optional;

/** The four networks of the experiment, in the paper's names, plain ones first. */
public enum ExperimentNetwork {
  /** 20 layers, no shortcuts. */
  PLAIN_20("plain-20", FashionPlain20.DESCRIPTION.name(), false),
  /** 56 layers, no shortcuts. */
  PLAIN_56("plain-56", FashionPlain56.DESCRIPTION.name(), false),
  /** 20 layers, option A shortcuts. */
  RESNET_20("ResNet-20", FashionResNet20.DESCRIPTION.name(), true),
  /** 56 layers, option A shortcuts. */
  RESNET_56("ResNet-56", FashionResNet56.DESCRIPTION.name(), true);

  private final String label;
  private final String modelName;
  private final boolean residual;

  ExperimentNetwork(String label, String modelName, boolean residual) {
    this.label = label;
    this.modelName = modelName;
    this.residual = residual;
  }

  /** The paper's name for it, such as {@code plain-56}. */
  public String label() {
    return label;
  }

  /** Whether it has shortcuts. */
  public boolean residual() {
    return residual;
  }

  /** The network of that label, ignoring case: {@code resnet-56} finds {@link #RESNET_56}. */
  public static Optional<ExperimentNetwork> byLabel(String label) {
    return Arrays.stream(values()).filter(n -> n.label.equalsIgnoreCase(label.trim())).findFirst();
  }

  /** The declared network. */
  public NetworkFactory model() {
    return NetworkCatalog.find(modelName).orElseThrow();
  }
}
