/**
 * Export of generated networks to ONNX, read off their layer plans, so that onnxruntime,
 * TensorRT and mobile runtimes serve them; {@link dev.resdsl.runtime.onnx.OnnxExport} is the
 * entry point. The ONNX schema's classes, generated from {@code src/main/proto/onnx.proto}, are in
 * {@code dev.resdsl.runtime.onnx.proto}.
 */
package dev.resdsl.runtime.onnx;
