package dev.resdsl.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every generated network on the classpath, found through the {@link NetworkFactory}
 * registrations the processor writes: the examples and a user's own specs alike.
 */
public final class NetworkCatalog {
  /**
   * Families together, the largest inputs first; within a family, by name without digits, then
   * by size: ResNet18 before ResNet152, Plain20 before ResNet20.
   */
  private static final Comparator<NetworkFactory> ORDER =
      Comparator.<NetworkFactory>comparingLong(f -> -f.description().input().size())
          .thenComparing(f -> f.name().replaceAll("[0-9]", ""))
          .thenComparingLong(f -> f.description().trainableParameters())
          .thenComparing(NetworkFactory::name);

  private NetworkCatalog() {}

  /** Every network the context class loader's classpath registers, in a stable order. */
  public static List<NetworkFactory> all() {
    List<NetworkFactory> factories = new ArrayList<>();
    ServiceLoader.load(NetworkFactory.class).forEach(factories::add);
    factories.sort(ORDER);
    return List.copyOf(factories);
  }

  /** The network of that name, ignoring case: {@code resnet20} finds {@code ResNet20}. */
  public static Optional<NetworkFactory> find(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return all().stream()
        .filter(f -> f.name().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }
}
