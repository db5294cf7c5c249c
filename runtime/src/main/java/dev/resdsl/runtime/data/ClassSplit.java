package dev.resdsl.runtime.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded 90/10 split of one class's files that {@code folder:DIR} makes when DIR has no
 * {@code train/} and {@code test/}: written once, so that a folder read on one machine and one
 * read by a cluster hold out the same files.
 *
 * @param train the files to train on, in their given order's shuffle
 * @param test the held-out files: a tenth, at least one once the class has two
 * @param <T> how a file is named: a {@code Path} on one machine, a URI string on a cluster
 */
public record ClassSplit<T>(List<T> train, List<T> test) {
  /** Splits {@code files}, sorted, of class {@code className}, by {@code seed}. */
  public static <T> ClassSplit<T> of(String className, List<T> files, long seed) {
    List<T> shuffled = new ArrayList<>(files);
    Collections.shuffle(shuffled, new Random(Seeds.derive(seed, className)));
    int held = shuffled.size() < 2 ? 0 : Math.max(1, Math.round(shuffled.size() / 10f));
    return new ClassSplit<>(List.copyOf(shuffled.subList(held, shuffled.size())),
        List.copyOf(shuffled.subList(0, held)));
  }
}
