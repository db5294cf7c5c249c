package dev.resdsl.runtime.train;

import java.util.List;

/**
 * How to train: the paper's recipe by default (section 3.4 and 4.2): SGD with momentum 0.9,
 * weight decay 1e-4, batch 128, learning rate 0.1 divided by 10 at the milestones, and for
 * CIFAR-style data 4-pixel padding, random crops and horizontal flips. Every value can be
 * changed with the {@code with...} methods.
 *
 * @param epochs passes over the training set
 * @param batchSize images per step
 * @param learningRate the base learning rate
 * @param momentum SGD momentum (Deeplearning4j's Nesterov momentum; 0 for plain SGD)
 * @param weightDecay L2 weight decay of weights and biases
 * @param milestones epochs (0-based) at whose start the learning rate is divided by
 *     {@code 1 / decayFactor}; empty means half and three quarters of {@code epochs}, the paper's
 *     32k and 48k of 64k iterations
 * @param decayFactor what the learning rate is multiplied by at each milestone
 * @param warmupLearningRate the learning rate until the training error falls below
 *     {@code warmupUntilError} (the paper's ResNet-110 recipe: 0.01 until below 80%); 0 for none
 * @param warmupUntilError the training error that ends the warm-up
 * @param augment whether to pad, crop and flip training images (the paper's CIFAR augmentation)
 * @param seed seeds initialisation, shuffling and augmentation
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    double learningRate,
    double momentum,
    double weightDecay,
    List<Integer> milestones,
    double decayFactor,
    double warmupLearningRate,
    double warmupUntilError,
    boolean augment,
    long seed) {

  /** Checks every value, naming the bad one. */
  public TrainingConfig {
    milestones = List.copyOf(milestones);
    require(epochs >= 1, "epochs must be at least 1, was " + epochs);
    require(batchSize >= 1, "batch size must be at least 1, was " + batchSize);
    require(learningRate > 0 && Double.isFinite(learningRate),
        "learning rate must be positive, was " + learningRate);
    require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), was " + momentum);
    require(weightDecay >= 0 && Double.isFinite(weightDecay),
        "weight decay must be at least 0, was " + weightDecay);
    require(decayFactor > 0 && decayFactor <= 1,
        "decay factor must be in (0, 1], was " + decayFactor);
    require(warmupLearningRate >= 0, "warm-up learning rate must be at least 0");
    for (int milestone : milestones) {
      require(milestone >= 0, "milestones are epochs counted from 0, got " + milestone);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The paper's recipe for {@code epochs} epochs. */
  public static TrainingConfig paper(int epochs) {
    return new TrainingConfig(epochs, 128, 0.1, 0.9, 1e-4, List.of(), 0.1, 0, 0.8, true, 42);
  }

  /** The milestones in force: the declared ones, or half and three quarters of the epochs. */
  public List<Integer> effectiveMilestones() {
    if (!milestones.isEmpty()) {
      return milestones;
    }
    return epochs < 2 ? List.of() : List.of(epochs / 2, (3 * epochs) / 4).stream()
        .filter(m -> m > 0).distinct().toList();
  }

  /** The learning rate at the start of {@code epoch} (0-based), after the warm-up. */
  public double learningRateAt(int epoch) {
    double rate = learningRate;
    for (int milestone : effectiveMilestones()) {
      if (epoch >= milestone) {
        rate *= decayFactor;
      }
    }
    return rate;
  }

  /** Whether a run that starts from {@code state} starts in the warm-up. */
  public boolean warmingUpFrom(TrainingState state) {
    return warmupLearningRate > 0 && !state.warmupDone();
  }

  /** The learning rate of {@code epoch} (0-based): the warm-up's while {@code warmingUp}. */
  public double learningRateAt(int epoch, boolean warmingUp) {
    return warmingUp ? warmupLearningRate : learningRateAt(epoch);
  }

  /** Whether a warm-up ends once the training error is {@code trainingError}. */
  public boolean warmupOverAt(double trainingError) {
    return trainingError < warmupUntilError;
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some values of a configuration: {@code paper(30).toBuilder().batchSize(64).build()}. */
  public static final class Builder {
    private int epochs;
    private int batchSize;
    private double learningRate;
    private double momentum;
    private double weightDecay;
    private List<Integer> milestones;
    private double decayFactor;
    private double warmupLearningRate;
    private double warmupUntilError;
    private boolean augment;
    private long seed;

    private Builder(TrainingConfig c) {
      epochs = c.epochs;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      momentum = c.momentum;
      weightDecay = c.weightDecay;
      milestones = c.milestones;
      decayFactor = c.decayFactor;
      warmupLearningRate = c.warmupLearningRate;
      warmupUntilError = c.warmupUntilError;
      augment = c.augment;
      seed = c.seed;
    }

    /** Sets the number of epochs. */
    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    /** Sets the batch size. */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** Sets the base learning rate. */
    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    /** Sets the momentum. */
    public Builder momentum(double value) {
      momentum = value;
      return this;
    }

    /** Sets the weight decay. */
    public Builder weightDecay(double value) {
      weightDecay = value;
      return this;
    }

    /** Sets the milestones, epochs counted from 0; empty for the default. */
    public Builder milestones(List<Integer> value) {
      milestones = value;
      return this;
    }

    /** Sets the factor applied at each milestone. */
    public Builder decayFactor(double value) {
      decayFactor = value;
      return this;
    }

    /** Sets the warm-up learning rate, used until the training error is below 80%; 0 for none. */
    public Builder warmup(double value) {
      warmupLearningRate = value;
      return this;
    }

    /** Turns the paper's augmentation on or off. */
    public Builder augment(boolean value) {
      augment = value;
      return this;
    }

    /** Sets the seed. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** The configuration, checked. */
    public TrainingConfig build() {
      return new TrainingConfig(epochs, batchSize, learningRate, momentum, weightDecay, milestones,
          decayFactor, warmupLearningRate, warmupUntilError, augment, seed);
    }
  }
}
