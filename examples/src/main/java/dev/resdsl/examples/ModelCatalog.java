package dev.resdsl.examples;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkDescription;
import java.io.IOException;
import java.nio.file.Path;
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
   * @param loader reads it from a checkpoint
   */
  public record Model(
      NetworkDescription description,
      LongFunction<GeneratedNetwork> factory,
      Loader loader) {
    /** The generated class's simple name. */
    public String name() {
      return description.name();
    }

    /** A new network with weights drawn from {@code seed}. */
    public GeneratedNetwork create(long seed) {
      return factory.apply(seed);
    }

    /** The network saved in {@code file}, refusing one of another architecture. */
    public GeneratedNetwork load(Path file) throws IOException {
      return loader.load(file);
    }
  }

  /** A generated class's {@code load} method. */
  @FunctionalInterface
  public interface Loader {
    /** Reads a network from a checkpoint. */
    GeneratedNetwork load(Path file) throws IOException;
  }

  private static final List<Model> MODELS = List.of(
      new Model(ResNet18.DESCRIPTION, ResNet18::create, ResNet18::load),
      new Model(ResNet34.DESCRIPTION, ResNet34::create, ResNet34::load),
      new Model(ResNet50.DESCRIPTION, ResNet50::create, ResNet50::load),
      new Model(ResNet101.DESCRIPTION, ResNet101::create, ResNet101::load),
      new Model(ResNet152.DESCRIPTION, ResNet152::create, ResNet152::load),
      new Model(Plain18.DESCRIPTION, Plain18::create, Plain18::load),
      new Model(Plain34.DESCRIPTION, Plain34::create, Plain34::load),
      new Model(ResNet20.DESCRIPTION, ResNet20::create, ResNet20::load),
      new Model(ResNet32.DESCRIPTION, ResNet32::create, ResNet32::load),
      new Model(ResNet44.DESCRIPTION, ResNet44::create, ResNet44::load),
      new Model(ResNet56.DESCRIPTION, ResNet56::create, ResNet56::load),
      new Model(ResNet110.DESCRIPTION, ResNet110::create, ResNet110::load),
      new Model(ResNet1202.DESCRIPTION, ResNet1202::create, ResNet1202::load),
      new Model(Plain20.DESCRIPTION, Plain20::create, Plain20::load),
      new Model(Plain32.DESCRIPTION, Plain32::create, Plain32::load),
      new Model(Plain44.DESCRIPTION, Plain44::create, Plain44::load),
      new Model(Plain56.DESCRIPTION, Plain56::create, Plain56::load),
      new Model(Plain110.DESCRIPTION, Plain110::create, Plain110::load),
      new Model(FashionPlain20.DESCRIPTION, FashionPlain20::create, FashionPlain20::load),
      new Model(FashionPlain56.DESCRIPTION, FashionPlain56::create, FashionPlain56::load),
      new Model(FashionResNet20.DESCRIPTION, FashionResNet20::create, FashionResNet20::load),
      new Model(FashionResNet56.DESCRIPTION, FashionResNet56::create, FashionResNet56::load));

  private ModelCatalog() {}

  /** Every example network: the ImageNet family, then CIFAR's, then Fashion-MNIST's. */
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
