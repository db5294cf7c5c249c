/**
 * The vocabulary and rules that the annotation processor and the runtime share: block geometry,
 * shortcut kinds, layer conventions, costs and layer names. Each rule is written here once; the
 * processor infers with it at compile time and the runtime builds with it.
 */
package dev.resdsl.model;
