import type { Tensor } from "@tensorflow/tfjs-core";
import { NormserveError } from "../../errors/normserve-error.js";
import type { ExecutionPlan, PlanStep } from "./execution-plan.js";
import type { OnnxExecutor } from "./onnx-executor.js";
import type { ExecutionMode, OpBackward, OpContext } from "./op-impl.js";
import type { Recording } from "./recording.js";
import { convertLayout, type Layout, type Value } from "./value.js";

/** What the recording keeps of one step for the backward pass. */
export interface TapeEntry {
  readonly step: PlanStep;
  readonly ctx: OpContext;
  readonly backward: OpBackward;
  /** Layout each input had before the executor converted it (undefined: not converted). */
  readonly convertedFrom: readonly (Layout | undefined)[];
  /** Layout each input had when the op saw it. */
  readonly seenLayouts: readonly (Layout | undefined)[];
}

function stepContext(exe: OnnxExecutor, plan: ExecutionPlan, step: PlanStep, mode: ExecutionMode): OpContext {
  const { node } = step;
  const shape = (name: string): readonly number[] => {
    const s = plan.state.shapes.get(name);
    if (!s) throw new Error(`${node.label}: no shape for '${name}'`);
    return s;
  };
  return {
    tf: exe.tf,
    kernels: exe.kernels,
    node,
    mode,
    opset: exe.graph.opset,
    inShape: (k) => shape(node.inputs[k]),
    outShape: (k) => shape(node.outputs[k]),
    constantInput: (k) => (node.inputs[k] ? exe.constantValues(plan, node.inputs[k]) : undefined),
    isConstantInput: (k) =>
      plan.state.isConstant(node.inputs[k]) && exe.params.get(node.inputs[k])?.role !== "weight",
    updateBuffer: (k, value) => {
      if (mode === "train" && exe.params.get(node.inputs[k])?.role === "buffer")
        exe.params.set(node.inputs[k], exe.tf.keep(value.clone()));
    },
    nextSeed: () => exe.nextSeed(),
  };
}

/** Re-throws an op failure with the node, its op type and its input shapes. */
function wrapOpError(step: PlanStep, plan: ExecutionPlan, error: unknown): Error {
  if (error instanceof NormserveError) return error;
  const shapes = step.node.inputs.map((i) => `[${plan.state.shapes.get(i)?.join(", ") ?? "?"}]`).join(", ");
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${step.node.label} failed on inputs ${shapes}: ${message}`, { cause: error });
}

/**
 * Runs a compiled plan. Without a tape, values are freed as soon as no later node reads them;
 * with one, everything the backward pass needs is handed to the recording.
 */
export function runPlan(
  exe: OnnxExecutor,
  plan: ExecutionPlan,
  x: Tensor,
  mode: ExecutionMode,
  tape: Recording | undefined,
): { output: Tensor; layout: Layout; logicalShape: readonly number[] } {
  const tf = exe.tf;
  const values = new Map<string, Value>([[exe.inputName, { t: x, layout: "plain" }]]);
  const remaining = new Map(plan.useCounts);
  const constants: Tensor[] = [];
  const persistent = (t: Tensor) => t === x || exe.params.owns(t);
  const lookup = (name: string): Value | undefined => {
    if (name === "") return undefined;
    const v = values.get(name);
    if (v) return v;
    const p = exe.params.get(name);
    if (p) return { t: p.tensor, layout: p.layout };
    const c = exe.constantTensor(plan, name);
    if (!c) throw new Error(`no value for '${name}'`);
    constants.push(c);
    const value: Value = { t: c, layout: "plain" };
    values.set(name, value);
    return value;
  };
  const release = (name: string, keep: ReadonlySet<Tensor>) => {
    const left = (remaining.get(name) ?? 0) - 1;
    remaining.set(name, left);
    const v = values.get(name);
    if (left <= 0 && v && !persistent(v.t) && !keep.has(v.t)) {
      v.t.dispose();
      values.delete(name);
    }
  };
  try {
    for (const step of plan.steps) {
      const ctx = stepContext(exe, plan, step, mode);
      const given = step.node.inputs.map(lookup);
      const wanted = step.op.inputLayouts?.(ctx);
      const convertedFrom: (Layout | undefined)[] = [];
      const seen = given.map((v, k) => {
        const want = wanted?.[k];
        if (!v || want === undefined || want === "any" || want === v.layout) return v;
        convertedFrom[k] = v.layout;
        return { t: convertLayout(tf, v.t, v.layout, want, ctx.inShape(k)), layout: want };
      });
      let backward: OpBackward | undefined;
      let layouts: Layout[] = [];
      let kept: { outputs: Tensor[]; saved: Tensor[] };
      try {
        kept = tf.tidy(() => {
          const r = step.op.forward(ctx, seen);
          backward = r.backward;
          layouts = r.outputs.map((o) => o.layout);
          return { outputs: r.outputs.map((o) => o.t), saved: [...(r.saved ?? [])] };
        });
      } catch (error) {
        throw wrapOpError(step, plan, error);
      }
      step.node.outputs.forEach((name, k) => {
        if (name !== "" && kept.outputs[k]) values.set(name, { t: kept.outputs[k], layout: layouts[k] });
      });
      const converted = seen
        .filter((v, k): v is Value => v !== undefined && convertedFrom[k] !== undefined)
        .map((v) => v.t);
      if (tape && backward) {
        tape.push({ step, ctx, backward, convertedFrom, seenLayouts: seen.map((v) => v?.layout) }, [
          ...kept.outputs,
          ...kept.saved,
          ...converted,
        ]);
      } else {
        const keep = new Set(kept.outputs);
        for (const t of [...kept.saved, ...converted])
          if (!keep.has(t) && !persistent(t) && !given.some((g) => g?.t === t)) t.dispose();
        if (tape) tape.adopt(kept.outputs);
        else for (const name of step.node.inputs) if (name !== "") release(name, keep);
      }
    }
    const out = values.get(exe.outputName);
    if (!out) throw new Error(`output '${exe.outputName}' was not computed`);
    const logical = plan.state.shapes.get(exe.outputName) ?? out.t.shape;
    const output = out.layout === "plain" ? out.t : convertLayout(tf, out.t, out.layout, "plain", logical);
    if (tape) tape.adopt([output, ...constants]);
    else {
      for (const c of constants) if (c !== output) c.dispose();
      if (output !== out.t && !persistent(out.t)) out.t.dispose();
    }
    return { output, layout: out.layout, logicalShape: logical };
  } catch (error) {
    if (!tape) for (const v of values.values()) if (!persistent(v.t)) v.t.dispose();
    throw error;
  }
}
