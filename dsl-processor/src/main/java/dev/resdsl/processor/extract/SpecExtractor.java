package dev.resdsl.processor.extract;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Head;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.ResidualStages;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.processor.model.Attributes;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.HeadDecl;
import dev.resdsl.processor.model.NetworkDecl.InputDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import dev.resdsl.processor.model.NetworkDecl.StemDecl;
import dev.resdsl.processor.model.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Turns a spec's annotation mirrors into the immutable {@link NetworkDecl}, defaults applied,
 * and records where each annotation stands in the source.
 */
public final class SpecExtractor {
  private static final String SPEC_SUFFIX = "Spec";
  private static final String NETWORK_SUFFIX = "Network";

  private final Elements elements;

  /** An extractor reading values through {@code elements}. */
  public SpecExtractor(Elements elements) {
    this.elements = elements;
  }

  /**
   * A spec's declaration and source map.
   *
   * @param decl the declaration
   * @param sources where its parts stand in the source
   */
  public record Extracted(NetworkDecl decl, SourceMap sources) {}

  /**
   * Extracts the network declared on {@code spec}, which carries {@code @Network}.
   *
   * @throws MalformedAnnotationException if a value is not of its type (javac reports that)
   */
  public Extracted extract(TypeElement spec) {
    SourceMap sources = new SourceMap(spec);
    AnnotationAttributes network = attributes(spec, Network.class, sources, Site.network());
    AnnotationAttributes input =
        AnnotationAttributes.of(network.annotationValue(Attributes.Network.INPUT), elements);
    sources.put(Site.input(), input);

    Optional<StemDecl> stem = find(spec, Stem.class).map(mirror -> {
      AnnotationAttributes a = AnnotationAttributes.of(mirror, elements);
      sources.put(Site.stem(), a);
      return new StemDecl(a.intValue(Attributes.Stem.FILTERS), a.intValue(Attributes.Stem.KERNEL),
          a.intValue(Attributes.Stem.STRIDE), a.enumValue(Attributes.Stem.POOL, Pool.class),
          a.booleanValue(Attributes.Stem.DEEP));
    });

    List<StageDecl> stages = new ArrayList<>();
    List<AnnotationMirror> stageMirrors = stageMirrors(spec);
    boolean implicitContainer = isImplicitContainer(spec);
    for (AnnotationMirror mirror : stageMirrors) {
      AnnotationAttributes a = AnnotationAttributes.of(mirror, elements);
      int index = stages.size();
      if (implicitContainer) {
        sources.putRepeated(Site.stage(index), a);
      } else {
        sources.put(Site.stage(index), a);
      }
      String name = a.stringValue(Attributes.ResidualStage.NAME);
      stages.add(new StageDecl(index, name.isEmpty() ? "stage" + (index + 1) : name,
          a.intValue(Attributes.ResidualStage.BLOCKS),
          a.intValue(Attributes.ResidualStage.FILTERS),
          a.intValue(Attributes.ResidualStage.STRIDE),
          a.enumValue(Attributes.ResidualStage.SHORTCUT, Shortcut.class),
          a.enumValue(Attributes.ResidualStage.BLOCK, Block.class),
          a.stringValue(Attributes.ResidualStage.EXPECT),
          a.intValue(Attributes.ResidualStage.GROUPS),
          a.intValue(Attributes.ResidualStage.WIDTH_PER_GROUP),
          a.intValue(Attributes.ResidualStage.SQUEEZE_EXCITATION)));
    }

    AnnotationAttributes head = attributes(spec, Head.class, sources, Site.head());
    AnnotationAttributes conventions =
        attributes(spec, Conventions.class, sources, Site.conventions());

    NetworkDecl decl = new NetworkDecl(
        packageName(spec),
        specName(spec),
        className(spec, network.stringValue(Attributes.Network.NAME)),
        new InputDecl(
            input.intValue(Attributes.Input.CHANNELS),
            input.intValue(Attributes.Input.HEIGHT),
            input.intValue(Attributes.Input.WIDTH)),
        network.intValue(Attributes.Network.CLASSES),
        network.longValue(Attributes.Network.EXPECT_PARAMETERS),
        network.booleanValue(Attributes.Network.STRICT),
        stem,
        stages,
        new HeadDecl(head.enumValue(Attributes.Head.POOL, Pool.class),
            head.doubleValue(Attributes.Head.DROPOUT)),
        new LayerConventions(
            conventions.booleanValue(Attributes.Conventions.CONV_BIAS),
            conventions.doubleValue(Attributes.Conventions.BATCH_NORM_EPSILON),
            conventions.doubleValue(Attributes.Conventions.BATCH_NORM_DECAY),
            conventions.enumValue(Attributes.Conventions.BOTTLENECK_STRIDE, StridePlacement.class),
            conventions.booleanValue(Attributes.Conventions.ZERO_INIT_RESIDUAL)));
    return new Extracted(decl, sources);
  }

  /** The annotation's attributes on {@code spec}, or its defaults where the spec lacks it. */
  private AnnotationAttributes attributes(
      TypeElement spec, Class<?> type, SourceMap sources, Site site) {
    AnnotationAttributes attributes = find(spec, type)
        .map(mirror -> AnnotationAttributes.of(mirror, elements))
        .orElseGet(() -> AnnotationAttributes.defaultsOf(
            elements.getTypeElement(type.getCanonicalName())));
    sources.put(site, attributes);
    return attributes;
  }

  /** The spec's {@code @ResidualStage}s in source order, whether repeated or in a container. */
  private List<AnnotationMirror> stageMirrors(TypeElement spec) {
    List<AnnotationMirror> stages = new ArrayList<>();
    for (AnnotationMirror mirror : spec.getAnnotationMirrors()) {
      if (AnnotationAttributes.isOfType(mirror, ResidualStage.class)) {
        stages.add(mirror);
      } else if (AnnotationAttributes.isOfType(mirror, ResidualStages.class)) {
        stages.addAll(AnnotationAttributes.of(mirror, elements)
            .annotationsValue(Attributes.ResidualStages.VALUE));
      }
    }
    return stages;
  }

  /**
   * Whether the stages stand in a container that javac made from repeated annotations, rather
   * than one the source wrote; the former has no source position of its own.
   */
  private boolean isImplicitContainer(TypeElement spec) {
    return find(spec, ResidualStages.class)
        .map(container -> elements.getOrigin(spec, container) == Elements.Origin.MANDATED)
        .orElse(false);
  }

  /** The annotation of {@code type} that {@code element} carries directly, if any. */
  public static Optional<AnnotationMirror> find(Element element, Class<?> type) {
    return element.getAnnotationMirrors().stream()
        .filter(mirror -> AnnotationAttributes.isOfType(mirror, type))
        .map(mirror -> (AnnotationMirror) mirror)
        .findFirst();
  }

  private String packageName(TypeElement spec) {
    return elements.getPackageOf(spec).getQualifiedName().toString();
  }

  /** The spec's name relative to its package: {@code Outer.Spec} for a nested spec. */
  private String specName(TypeElement spec) {
    String qualified = spec.getQualifiedName().toString();
    String pkg = packageName(spec);
    return pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
  }

  /** The declared class name, or the spec's name without "Spec", or with "Network" added. */
  static String className(TypeElement spec, String declared) {
    if (!declared.isEmpty()) {
      return declared;
    }
    String simple = spec.getSimpleName().toString();
    return simple.endsWith(SPEC_SUFFIX) && simple.length() > SPEC_SUFFIX.length()
        ? simple.substring(0, simple.length() - SPEC_SUFFIX.length())
        : simple + NETWORK_SUFFIX;
  }
}
