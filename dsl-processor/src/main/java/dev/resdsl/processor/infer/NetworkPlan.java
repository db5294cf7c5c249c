package dev.resdsl.processor.infer;

import dev.resdsl.annotations.Block;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.Cost;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import dev.resdsl.processor.model.NetworkDecl.StemDecl;
import dev.resdsl.runtime.Shape;
import java.util.List;
import java.util.Optional;

/**
 * A network with every shape, shortcut and cost inferred: what validation checks and code
 * generation writes.
 *
 * @param decl the declaration it was inferred from
 * @param stem the stem, if declared
 * @param stages the stages in order
 * @param head the head
 */
public record NetworkPlan(
    NetworkDecl decl, Optional<StemPlan> stem, List<StagePlan> stages, HeadPlan head) {

  /** Copies the stage list. */
  public NetworkPlan {
    stages = List.copyOf(stages);
  }

  /** The whole network's cost. */
  public Cost cost() {
    Cost total = stem.map(StemPlan::cost).orElse(Cost.ZERO).plus(head.cost());
    for (StagePlan stage : stages) {
      total = total.plus(stage.cost());
    }
    return total;
  }

  /**
   * The shapes from the input up to and including stage {@code upTo} (0-based), written
   * {@code input 3x32x32 -> stem 16x32x32 -> stage1 16x32x32}.
   */
  public String pathTo(int upTo) {
    StringBuilder path = new StringBuilder("input ").append(decl.input());
    stem.ifPresent(s -> path.append(" -> stem ").append(s.output()));
    for (int i = 0; i <= upTo && i < stages.size(); i++) {
      StagePlan stage = stages.get(i);
      path.append(" -> ").append(stage.decl().name()).append(' ').append(stage.output());
    }
    return path.toString();
  }

  /** The path through the stem only: {@code input 3x224x224 -> stem 64x56x56}. */
  public String pathToStem() {
    return pathTo(-1);
  }

  /**
   * The stem as inferred.
   *
   * @param decl the declaration
   * @param input the input shape
   * @param convolution the shape after the convolution
   * @param output the shape after the optional pool
   * @param cost its cost
   */
  public record StemPlan(
      StemDecl decl, Shape input, Shape convolution, Shape output, Cost cost) {}

  /**
   * A stage as inferred.
   *
   * @param decl the declaration
   * @param input the shape entering the stage
   * @param blocks every block, in order
   */
  public record StagePlan(StageDecl decl, Shape input, List<BlockPlan> blocks) {
    /** Copies the block list. */
    public StagePlan {
      blocks = List.copyOf(blocks);
    }

    /** The stage's output shape. */
    public Shape output() {
      return blocks.get(blocks.size() - 1).output();
    }

    /** The stage's cost. */
    public Cost cost() {
      Cost total = Cost.ZERO;
      for (BlockPlan block : blocks) {
        total = total.plus(block.cost());
      }
      return total;
    }
  }

  /**
   * One residual block as inferred.
   *
   * @param name the block's name, its output vertex in the graph ({@code stage1_block1})
   * @param design its kind, width, groups and squeeze-and-excitation, as the stage declares them
   *     (or, where the declaration is invalid, as inference assumed them)
   * @param stride the block's stride
   * @param shortcut the resolved shortcut
   * @param input the block's input shape
   * @param output the block's output shape
   * @param cost its cost
   */
  public record BlockPlan(
      String name,
      BlockDesign design,
      int stride,
      BlockShortcut shortcut,
      Shape input,
      Shape output,
      Cost cost) {

    /** The kind of block. */
    public Block kind() {
      return design.kind();
    }

    /** The declared filters. */
    public int filters() {
      return design.filters();
    }

    /** Whether the block changes the shape of what flows through it. */
    public boolean changesShape() {
      return !input.equals(output);
    }
  }

  /**
   * The head as inferred.
   *
   * @param input the shape entering the head
   * @param features the inputs of the dense layer
   * @param cost its cost
   */
  public record HeadPlan(Shape input, long features, Cost cost) {}
}
