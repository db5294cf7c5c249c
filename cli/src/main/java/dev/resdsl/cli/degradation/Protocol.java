package dev.resdsl.cli.degradation;

import dev.resdsl.runtime.train.TrainingConfig;
import java.util.List;

/**
 * How the experiment trains: the paper's recipe (SGD with learning rate 0.1, momentum 0.9, weight
 * decay 1e-4, batch 128, 4-pixel padding, random crops and flips) for every network alike, on the
 * same batches in the same order.
 *
 * @param source the data source, {@code fashion-mnist[:DIR]}
 * @param epochs passes over the training images
 * @param schedule how the learning rate moves
 * @param seed seeds the weights, the order of the images and their augmentation
 * @param every the training error is averaged over windows of this many iterations
 * @param trainImages the first this many training images only, for a quick look; 0 for all
 * @param testImages the first this many test images only; 0 for all
 * @param networks the networks to train, in {@link ExperimentNetwork} order
 * @param warmup a learning rate to start at until the training error is below 80%, as the paper
 *     does for ResNet-110 only; 0 (the protocol) for none, other values only to investigate
 */
public record Protocol(String source, int epochs, Schedule schedule, long seed, int every,
    int trainImages, int testImages, List<ExperimentNetwork> networks, double warmup) {
  /**
   * The documented protocol: all four networks on all of Fashion-MNIST, 2 epochs at 0.1 without
   * warm-up, seed 42, windows of 100 iterations.
   */
  public static final Protocol DEFAULT = new Protocol("fashion-mnist", 2, Schedule.CONSTANT, 42,
      100, 0, 0, List.of(ExperimentNetwork.values()), 0);

  /** Checks every value, naming the bad one. */
  public Protocol {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
    }
    if (every < 1) {
      throw new IllegalArgumentException("a window must be at least 1 iteration, was " + every);
    }
    if (trainImages < 0 || testImages < 0) {
      throw new IllegalArgumentException("image limits must be at least 0 (0: all)");
    }
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("name at least one network");
    }
    if (!(warmup >= 0 && warmup < 1)) {
      throw new IllegalArgumentException("--warmup must be in [0, 1), was " + warmup);
    }
    networks = networks.stream().distinct().sorted().toList();
  }

  /** The training configuration every network gets. */
  public TrainingConfig config() {
    return schedule.applyTo(
        TrainingConfig.paper(epochs).toBuilder().seed(seed).warmup(warmup).build());
  }
}
