/**
 * The ResDSL annotations: declare a deep residual network (He et al., "Deep Residual Learning for
 * Image Recognition", 2015) on an interface, and {@code javac} checks it and generates a class that
 * builds it.
 *
 * <p>A spec is an interface (or abstract class) carrying {@link dev.resdsl.annotations.Network}
 * and one or more {@link dev.resdsl.annotations.ResidualStage}s, applied in source order:
 *
 * <pre>{@code
 * @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10,
 *          expectParameters = 269_722)
 * @Stem(filters = 16)
 * @ResidualStage(blocks = 3, filters = 16, shortcut = Shortcut.ZERO_PAD)
 * @ResidualStage(blocks = 3, filters = 32, stride = 2, shortcut = Shortcut.ZERO_PAD)
 * @ResidualStage(blocks = 3, filters = 64, stride = 2, shortcut = Shortcut.ZERO_PAD,
 *                expect = "64x8x8")
 * interface ResNet20Spec {}
 * }</pre>
 *
 * <p>The annotation processor infers the shape after every layer, counts trainable parameters
 * and multiply-adds, and reports an inconsistent network as a compile error on the offending
 * annotation value. Sizes follow SAME semantics: a stride {@code s} maps {@code n} to
 * {@code ceil(n / s)}, with symmetric padding of {@code kernel / 2} on each side.
 */
package dev.resdsl.annotations;
