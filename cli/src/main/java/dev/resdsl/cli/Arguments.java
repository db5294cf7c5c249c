package dev.resdsl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: positional values, {@code --name value} or {@code --name=value}
 * options and {@code --flag}s, each checked against what the command accepts.
 */
final class Arguments {
  private final String command;
  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();

  private Arguments(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args} of {@code command}, which takes the options {@code valued} (each with a
   * value) and {@code flags} (without one).
   */
  static Arguments parse(String command, List<String> args, Set<String> valued, Set<String> flags)
      throws UsageException {
    Arguments parsed = new Arguments(command);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        parsed.positional.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (flags.contains(name) && equals < 0) {
        parsed.options.put(name, "true");
      } else if (valued.contains(name)) {
        String value;
        if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new UsageException(command + ": --" + name + " needs a value");
        }
        parsed.options.put(name, value);
      } else {
        List<String> known = new ArrayList<>();
        valued.stream().sorted().forEach(v -> known.add("--" + v));
        flags.stream().sorted().forEach(f -> known.add("--" + f));
        throw new UsageException(command + ": unknown option '" + arg + "'"
            + (known.isEmpty() ? "" : ": use " + String.join(", ", known)));
      }
    }
    return parsed;
  }

  List<String> positional() {
    return positional;
  }

  /** The only positional argument, named {@code what} in the error. */
  String single(String what, String example) throws UsageException {
    if (positional.size() != 1) {
      throw new UsageException(command + " needs exactly one " + what + ", got "
          + (positional.isEmpty() ? "none" : positional) + ": resdsl " + command + " " + example);
    }
    return positional.get(0);
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  String string(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  String required(String name, String example) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      throw new UsageException(command + " needs --" + name + ", such as --" + name + " " + example);
    }
    return value;
  }

  Path path(String name, Path fallback) {
    String value = options.get(name);
    return value == null ? fallback : Path.of(value);
  }

  int positiveInt(String name, int fallback) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(command + ": --" + name + " must be a whole number of at least 1,"
        + " got '" + value + "'");
  }

  double number(String name, double fallback) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (Double.isFinite(parsed) && parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(command + ": --" + name + " must be a number of at least 0, got '"
        + value + "'");
  }

  long longValue(String name, long fallback) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " must be a whole number, got '"
          + value + "'");
    }
  }

  /** A comma-separated list of whole numbers, such as {@code --milestones 91,136}. */
  List<Integer> integers(String name) throws UsageException {
    String value = options.get(name);
    List<Integer> numbers = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return numbers;
    }
    for (String part : value.split(",")) {
      try {
        numbers.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new UsageException(command + ": --" + name + " takes epochs separated by commas,"
            + " such as 50,75; got '" + value + "'");
      }
    }
    return numbers;
  }
}
