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
   * maps {@code n} to {@code ceil(n / s)}; linear (its activation is a layer of its own). With
   * {@code groups} above 1 the input and output channels are split into that many groups, each
   * convolved on its own (ResNeXt's cardinality): the weights are {@code [out, in / groups, k,
   * k]}, as in PyTorch's {@code Conv2d(groups=...)} and ONNX's {@code Conv(group=...)}.
   *
   * @param channels output channels
   * @param kernel kernel side, odd
   * @param stride stride
   * @param bias whether it adds a bias
   * @param groups the groups, at least 1, dividing the input and output channels
   */
  record Convolution(int channels, int kernel, int stride, boolean bias, int groups)
      implements LayerOp {
    /** Checks that there is at least one group and that they divide the output channels. */
    public Convolution {
      if (groups < 1 || channels % groups != 0) {
        throw new IllegalArgumentException(
            groups + " groups do not divide " + channels + " output channels");
      }
    }

    /** An ordinary convolution, of one group. */
    public Convolution(int channels, int kernel, int stride, boolean bias) {
      this(channels, kernel, stride, bias, 1);
    }

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
          Parameter.WEIGHT, List.of((long) channels, (long) input.channels() / groups,
              (long) kernel, (long) kernel));
      return bias
          ? List.of(weights, new ParameterShape(Parameter.BIAS, List.of((long) channels)))
          : List.of(weights);
    }

    @Override
    public Cost cost(Shape input) {
      // Each output channel sees only its group's inputs.
      return Cost.convolution(kernel, input.channels() / groups, output(input), bias);
    }

    @Override
    public String describe() {
      return "conv " + kernel + "x" + kernel + "/" + stride
          + (groups == 1 ? "" : ", " + groups + " groups");
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

  /** 1 / (1 + exp(-x)). */
  record Sigmoid() implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return input;
    }

    @Override
    public String describe() {
      return "sigmoid";
    }
  }

  /**
   * Its first input, {@code C x H x W}, times its second, {@code C x 1 x 1}, channel by channel:
   * a squeeze-and-excitation unit's scaling of the branch by the channels' weights.
   */
  record ChannelScale() implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return input;
    }

    @Override
    public String describe() {
      return "channel scale";
    }
  }

  /**
   * An average over square windows at positions 0, s, 2s, ... in ceil mode: a last window that
   * reaches past the input averages the positions inside it only (PyTorch's {@code
   * AvgPool2d(kernel, stride, ceil_mode=True, count_include_pad=False)}, ResNet-D's shortcut).
   * With {@code kernel <= stride} it maps {@code n} to {@code ceil(n / stride)}.
   *
   * @param kernel window side
   * @param stride stride
   */
  record CeilAveragePooling(int kernel, int stride) implements LayerOp {
    @Override
    public Shape output(Shape input) {
      return new Shape(input.channels(), size(input.height()), size(input.width()));
    }

    /** PyTorch's ceil-mode size: no window may start past the input. */
    private int size(int n) {
      int windows = Math.max(0, -Math.floorDiv(-(n - kernel), stride)) + 1;
      return (windows - 1) * stride >= n ? windows - 1 : windows;
    }

    @Override
    public String describe() {
      return "avg pool " + kernel + "x" + kernel + "/" + stride + " ceil";
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
