package dev.resdsl.annotations;

/** A pooling choice for the {@link Stem} and the {@link Head}. */
public enum Pool {
  /** No pooling. */
  NONE,
  /** Maximum over the window. */
  MAX,
  /** Average over the window. */
  AVG
}
