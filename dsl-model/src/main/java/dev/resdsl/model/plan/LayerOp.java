package dev.resdsl.model.plan;

import dev.resdsl.annotations.Pool;
import dev.resdsl.model.Cost;
import dev.resdsl.runtime.Shape;
import java.util.List;
import java.util.Locale;

/**
 * What a layer computes, with the shape it produces, the parameters it holds and what it costs:
 * the one place these are known for each kind of layer.
 */
public sealed interface LayerOp {
  /** The shape of one image's output, given its (first) input's. */
  Shape output(Shape input);

  /** The parameters it holds for an input of {@code input}; none by default. */
  default List<ParameterShape> parameters(Shape input) {
    return List.of();
  }

  /** Its trainable parameters and multiply-adds; nothing by default. */
  default Cost cost(Shape input) {
    return Cost.ZERO;
  }

  /** A short description, such as {@code "conv 3x3/2"}, {@code "batch norm"} or {@code "add"}. */
  String describe();

  /**
   * A square convolution with symmetric padding {@code kernel / 2}, so that a stride {@code s}
   * maps {@code n} to {@code ceil(n / s)}; linear (its activation is a layer of its own).
   *
   * @param channels output channels
   * @param kernel kernel side, odd
   * @param stride stride
   * @param bias whether it adds a bias
   */
  record Convolution(int channels, int kernel, int stride, boolean bias) implements LayerOp {
    /** The padding on each side. */
    public int padding() {
      return kernel / 2;
    }

    @Override
    public Shape output(Shape input) {
      return input.then(channels, stride);
    }

    @Override
    public List<ParameterShape> parameters(Shape input) {
      ParameterShape weights = new ParameterShape(
          Parameter.WEIGHT, List.of((long) channels, (long) input.channels(), (long) kernel,
              (long) kernel));
      return bias
          ? List.of(weights, new ParameterShape(Parameter.BIAS, List.of((long) channels)))
          : List.of(weights);
    }

    @Override
    public Cost cost(Shape input) {
      return Cost.convolution(kernel, input.channels(), output(input), bias);
    }

    @Override
    public String describe() {
      return "conv " + kernel + "x" + kernel + "/" + stride;
    }
  }

  /**
   * Batch normalisation over channels, linear; its running statistics decay by {@code decay} per
   * step (PyTorch's momentum is {@code 1 - decay}).
   *
   * @param epsilon added to the variance
   * @param decay the running statistics' decay
   * @param zeroGamma whether gamma starts at 0 (the last batch norm of a residual branch, when the
   *     spec asks for it) rather than 1
   */
  record BatchNorm(double epsilon, double decay, boolean zeroGamma) implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return input;
    }

    @Override
    public List<ParameterShape> parameters(Shape input) {
      List<Long> channels = List.of((long) input.channels());
      return List.of(
          new ParameterShape(Parameter.GAMMA, channels),
          new ParameterShape(Parameter.BETA, channels),
          new ParameterShape(Parameter.RUNNING_MEAN, channels),
          new ParameterShape(Parameter.RUNNING_VAR, channels));
    }

    @Override
    public Cost cost(Shape input) {
      return Cost.batchNorm(input.channels());
    }

    @Override
    public String describe() {
      return "batch norm";
    }
  }

  /** max(x, 0). */
  record Relu() implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return input;
    }

    @Override
    public String describe() {
      return "relu";
    }
  }

  /** The sum of two inputs of one shape. */
  record Add() implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return input;
    }

    @Override
    public String describe() {
      return "add";
    }
  }

  /**
   * The paper's option A shortcut: the input subsampled by {@code stride} (every stride-th row
   * and column from the first), with zero channels added half before and half after.
   *
   * @param channels output channels, at least the input's
   * @param stride stride
   */
  record ZeroPadShortcut(int channels, int stride) implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return input.then(channels, stride);
    }

    @Override
    public String describe() {
      return "zero-pad shortcut";
    }
  }

  /**
   * A square pooling window with symmetric padding; averages count the padding, as PyTorch's
   * {@code AvgPool2d} does by default.
   *
   * @param type MAX or AVG
   * @param kernel window side
   * @param stride stride
   * @param padding padding on each side
   */
  record Pooling(Pool type, int kernel, int stride, int padding) implements LayerOp {
    @Override
    public Shape output(Shape input) {
      int height = (input.height() + 2 * padding - kernel) / stride + 1;
      int width = (input.width() + 2 * padding - kernel) / stride + 1;
      return new Shape(input.channels(), height, width);
    }

    @Override
    public String describe() {
      return type.name().toLowerCase(Locale.ROOT) + " pool " + kernel + "x" + kernel + "/" + stride;
    }
  }

  /**
   * The maximum or mean of each channel over all positions.
   *
   * @param type MAX or AVG
   */
  record GlobalPooling(Pool type) implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return new Shape(input.channels(), 1, 1);
    }

    @Override
    public String describe() {
      return "global " + type.name().toLowerCase(Locale.ROOT) + " pool";
    }
  }

  /**
   * Dropout in training, the identity in inference.
   *
   * @param probability the probability of dropping an activation, in {@code (0, 1)}
   */
  record Dropout(double probability) implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return input;
    }

    @Override
    public String describe() {
      return "dropout";
    }
  }

  /**
   * The dense softmax output layer, with bias, trained with cross-entropy; an input of several
   * positions is flattened channels first ({@code c * h * w + y * w + x}).
   *
   * @param classes outputs
   */
  record DenseSoftmax(int classes) implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return new Shape(classes, 1, 1);
    }

    @Override
    public List<ParameterShape> parameters(Shape input) {
      return List.of(
          new ParameterShape(Parameter.WEIGHT, List.of((long) classes, input.size())),
          new ParameterShape(Parameter.BIAS, List.of((long) classes)));
    }

    @Override
    public Cost cost(Shape input) {
      return Cost.dense(input.size(), classes);
    }

    @Override
    public String describe() {
      return "dense softmax";
    }
  }
}
