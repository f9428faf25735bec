import type { ConvGeometry } from "../../math/conv-geometry.js";
import { convSpectralNorm } from "../../math/conv-spectral-norm.js";
import type { PowerIterationOptions } from "../../math/conv-spectral-zero-pad.js";
import { linearSpectralNorm } from "../../math/linear-spectral-norm.js";
import type { WeightArray } from "../../math/norm-result.js";
import type { SpectralNormResult } from "../../math/spectral-types.js";

/**
 * A single-threaded spectral computation, plain data so it can travel to a worker thread:
 * power iteration on a zero-padded conv operator, or the exact norm of a linear layer.
 * @internal
 */
export type SpectralTask =
  | {
      readonly kind: "convPower";
      readonly weight: WeightArray;
      readonly geometry: ConvGeometry;
      readonly power: PowerIterationOptions;
    }
  | {
      readonly kind: "linear";
      readonly weight: WeightArray;
      readonly rows: number;
      readonly cols: number;
      readonly transposed: boolean;
      readonly scale: number;
    };

/** Runs a {@link SpectralTask} in the calling thread. @internal */
export function runSpectralTask(task: SpectralTask): SpectralNormResult {
  if (task.kind === "linear")
    return linearSpectralNorm(task.weight, task.rows, task.cols, {
      transposed: task.transposed,
      scale: task.scale,
    });
  return convSpectralNorm(task.weight, task.geometry, { method: "power-iteration", power: task.power });
}
