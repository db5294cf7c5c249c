package dev.resdsl.examples;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkDescription;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongFunction;

/** The example networks by name, as the command line and the tests find them. */
public final class ModelCatalog {
  /**
   * One example network.
   *
   * @param description what the compiler inferred for it
   * @param factory creates it from a seed
   */
  public record Model(NetworkDescription description, LongFunction<GeneratedNetwork> factory) {
    /** The generated class's simple name. */
    public String name() {
      return description.name();
    }

    /** A new network with weights drawn from {@code seed}. */
    public GeneratedNetwork create(long seed) {
      return factory.apply(seed);
    }
  }

  private static final List<Model> MODELS = List.of(
      new Model(ResNet18.DESCRIPTION, ResNet18::create),
      new Model(ResNet34.DESCRIPTION, ResNet34::create),
      new Model(ResNet50.DESCRIPTION, ResNet50::create),
      new Model(ResNet101.DESCRIPTION, ResNet101::create),
      new Model(ResNet152.DESCRIPTION, ResNet152::create),
      new Model(Plain18.DESCRIPTION, Plain18::create),
      new Model(Plain34.DESCRIPTION, Plain34::create),
      new Model(ResNet20.DESCRIPTION, ResNet20::create),
      new Model(ResNet32.DESCRIPTION, ResNet32::create),
      new Model(ResNet44.DESCRIPTION, ResNet44::create),
      new Model(ResNet56.DESCRIPTION, ResNet56::create),
      new Model(ResNet110.DESCRIPTION, ResNet110::create),
      new Model(ResNet1202.DESCRIPTION, ResNet1202::create),
      new Model(Plain20.DESCRIPTION, Plain20::create),
      new Model(Plain32.DESCRIPTION, Plain32::create),
      new Model(Plain44.DESCRIPTION, Plain44::create),
      new Model(Plain56.DESCRIPTION, Plain56::create),
      new Model(Plain110.DESCRIPTION, Plain110::create));

  private ModelCatalog() {}

  /** Every example network, ImageNet family first. */
  public static List<Model> all() {
    return MODELS;
  }

  /** The network of that name, ignoring case: {@code resnet20} finds {@code ResNet20}. */
  public static Optional<Model> find(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return MODELS.stream()
        .filter(m -> m.name().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }
}
