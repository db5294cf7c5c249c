import org.bytedeco.dnnl.*;
import org.bytedeco.dnnl.global.dnnl;
import static org.bytedeco.dnnl.memory.format_tag.*;

/**
 * oneDNN 2.5 inference convolutions alone, best of 8, in NHWC, nChw16c and oneDNN's choice:
 * ResNet-20's shapes at batch {@code args[0]}, or with three arguments ResNet-50's 7x7 stem and
 * the reorder of its output from nChw16c to NHWC (a throwaway measurement for BENCHMARKS.md).
 */
public class ConvBench {
  static engine eng = new engine(engine.kind.cpu, 0);
  static stream st = new stream(eng);
  static int K = 3;
  static double time(int n, int ic, int oc, int hw, int s, memory.format_tag srcTag, memory.format_tag dstTag, int reps) {
    int ohw = (hw + 2*(K/2) - K) / s + 1;
    memory.desc src = new memory.desc(new long[]{n, ic, hw, hw}, memory.data_type.f32, srcTag);
    memory.desc dst = new memory.desc(new long[]{n, oc, ohw, ohw}, memory.data_type.f32, dstTag);
    memory.desc w = new memory.desc(new long[]{oc, ic, K, K}, memory.data_type.f32, any);
    memory.desc b = new memory.desc(new long[]{oc}, memory.data_type.f32, x);
    convolution_forward.desc d = new convolution_forward.desc(dnnl.prop_kind.forward_inference, dnnl.algorithm.convolution_direct, src, w, b, dst, new long[]{s, s}, new long[]{K/2, K/2}, new long[]{K/2, K/2});
    post_ops ops = new post_ops(); ops.append_sum(1f, memory.data_type.undef); ops.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
    primitive_attr a = new primitive_attr(); a.set_post_ops(ops);
    convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(d, a, eng);
    String impl = pd.impl_info_str().getString();
    memory ms = new memory(pd.src_desc(), eng), md = new memory(pd.dst_desc(), eng), mw = new memory(pd.weights_desc(), eng), mb = new memory(b, eng);
    convolution_forward p = new convolution_forward(pd);
    IntMemoryMap args = new IntMemoryMap();
    args.put(dnnl.DNNL_ARG_SRC, ms); args.put(dnnl.DNNL_ARG_DST, md); args.put(dnnl.DNNL_ARG_WEIGHTS, mw); args.put(dnnl.DNNL_ARG_BIAS, mb);
    for (int i = 0; i < 3; i++) { p.execute(st, args); st._wait(); }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < reps; i++) { long t = System.nanoTime(); p.execute(st, args); st._wait(); best = Math.min(best, System.nanoTime() - t); }
    System.out.printf("ic%d oc%d hw%d s%d %s->%s %s: best %.2f ms%n", ic, oc, hw, s, srcTag, dstTag, impl, best / 1e6);
    return best / 1e6;
  }
  static void reo(int n, int c, int hw, int reps) {
    memory a = new memory(new memory.desc(new long[]{n, c, hw, hw}, memory.data_type.f32, nChw16c), eng);
    memory b = new memory(new memory.desc(new long[]{n, c, hw, hw}, memory.data_type.f32, nhwc), eng);
    reorder r = new reorder(a, b);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < reps; i++) { long t = System.nanoTime(); r.execute(st, a, b); st._wait(); best = Math.min(best, System.nanoTime() - t); }
    System.out.printf("reorder nChw16c->nhwc c%d hw%d: %.2f ms%n", c, hw, best / 1e6);
  }
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    int reps = 8;
    int[][] shapes = {{3,16,32,1},{16,16,32,1},{16,32,32,2},{32,32,16,1},{32,64,16,2},{64,64,8,1}};
    if (a.length > 2) { K = 7; int[] sh = {3,64,224,2};
      time(n, sh[0], sh[1], sh[2], sh[3], nhwc, nhwc, reps);
      time(n, sh[0], sh[1], sh[2], sh[3], nchw, nChw16c, reps);
      reo(n, 64, 112, reps); return; }
    for (int[] sh : shapes) {
      time(n, sh[0], sh[1], sh[2], sh[3], nhwc, nhwc, reps);
      time(n, sh[0], sh[1], sh[2], sh[3], nChw16c, nChw16c, reps);
      time(n, sh[0], sh[1], sh[2], sh[3], any, any, reps);
      if (sh[0] == 3) time(n, sh[0], sh[1], sh[2], sh[3], nchw, nhwc, reps);
      if (sh[0] == 3) time(n, sh[0], sh[1], sh[2], sh[3], nchw, nChw16c, reps);
    }
  }
}
