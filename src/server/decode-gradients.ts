import { failedPrecondition, invalidArgument } from "../errors/normserve-error.js";
import type { Tensor } from "../gen/normserve/v1/tensor.js";
import type { WeightArray } from "../math/norm-result.js";
import type { LinearOperatorLayer } from "../norms/linear-layer.js";
import { decodeFloatTensor, TensorDecodeError } from "../tensor/decode-float-tensor.js";
import type { DecayRequestModel } from "./decay-request-model.js";

/**
 * Decodes NormDecay's `gradients` map (weight name → tensor) against the model's weights:
 * unknown names are INVALID_ARGUMENT naming them, each shape must equal its weight's, values must
 * be finite floats (no copy for aligned float32/float64). A gradient for a weight that several
 * selected layers share is FAILED_PRECONDITION (whose decay would it carry?).
 */
export function decodeGradients(
  gradients: { readonly [name: string]: Tensor },
  model: DecayRequestModel,
  kinds: ReadonlySet<LinearOperatorLayer["kind"]>,
): Map<string, WeightArray> {
  const entries = Object.entries(gradients);
  const decoded = new Map<string, WeightArray>();
  if (entries.length === 0) return decoded;
  const unknown = entries.map(([name]) => name).filter((name) => !model.weightShapes.has(name));
  if (unknown.length > 0) {
    const known = [...model.weightShapes.keys()];
    throw invalidArgument(
      `gradients: no layer has a weight named ${unknown.map((n) => `'${n}'`).join(", ")} (known: ${known.slice(0, 8).join(", ")}${known.length > 8 ? ", …" : ""})`,
    );
  }
  const users = new Map<string, string[]>();
  for (const layer of model.layers)
    if (kinds.has(layer.kind))
      users.set(layer.weightName, [...(users.get(layer.weightName) ?? []), layer.nodeName]);
  for (const [name, tensor] of entries) {
    const field = `gradients['${name}']`;
    const shape = model.weightShapes.get(name) ?? [];
    const nodes = users.get(name) ?? [];
    if (nodes.length > 1)
      throw failedPrecondition(
        `${field}: the weight is shared by ${nodes.join(", ")}; send no gradient for it`,
      );
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i]))
      throw invalidArgument(
        `${field}: shape [${tensor.shape.join(", ")}] differs from the weight's [${shape.join(", ")}]`,
      );
    try {
      decoded.set(name, decodeFloatTensor(tensor, field).values);
    } catch (error) {
      if (error instanceof TensorDecodeError) throw invalidArgument(error.message, error);
      throw error;
    }
  }
  return decoded;
}
