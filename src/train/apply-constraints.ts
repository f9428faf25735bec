import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { WeightArray } from "../math/norm-result.js";
import type { FrequencyMapper } from "../math/parallel/frequency-job.js";
import { modelClipSingularValues } from "../norms/model-clip-singular-values.js";
import { modelProjectNorms } from "../norms/model-projection.js";
import type { CurrentLayers } from "./current-layers.js";

const CONV_KINDS = new Set(["conv", "convTranspose"] as const);
const BN_KINDS = new Set(["batchNorm"] as const);

function setWeight(exe: OnnxExecutor, name: string, values: WeightArray): void {
  const param = exe.params.get(name);
  if (param === undefined) return;
  const tf = exe.tf;
  exe.params.set(
    name,
    tf.tidy(() =>
      exe.params.fromOnnxLayout(name, tf.tensor(Float32Array.from(values), [...param.shape], "float32")),
    ),
  );
}

/**
 * Singular value clipping of every conv kernel at its layer's input size, with the code the
 * ClipSingularValues RPC runs (`modelClipSingularValues`), written back into the executor.
 */
export async function applySvc(
  exe: OnnxExecutor,
  layers: CurrentLayers,
  clipTo: number,
  signal: AbortSignal,
  pool: FrequencyMapper,
): Promise<void> {
  const current = layers.read(exe.params, CONV_KINDS);
  const clipped = await modelClipSingularValues(current, {
    clipTo,
    nodeNames: [],
    pool,
    signal,
  });
  for (const r of clipped) if (r.changed) setWeight(exe, r.layer.weightName, r.kernel);
}

/**
 * The ProjectNorms batch-norm projection (`modelProjectNorms`, every channel): `|γ_c| ≤ r·√(σ²_c+ε)`
 * with the current running variance, written back into the executor.
 */
export function applyBnProjection(exe: OnnxExecutor, layers: CurrentLayers, radius: number): void {
  const current = layers.read(exe.params, BN_KINDS);
  const projected = modelProjectNorms(current, { norm: "linf", radius, mode: "all", kinds: BN_KINDS });
  for (const r of projected) if (r.changed) setWeight(exe, r.layer.weightName, r.weight);
}
