import { decodeModelProto } from "../onnx/decode-model-proto.js";
import { int64ToNumber } from "../onnx/int64.js";

/**
 * Name and declared shape of a model's data input (the first graph input that is not an
 * initializer): numbers for fixed dims, the dim_param (or "?") for symbolic ones.
 */
export function modelInputShape(bytes: Uint8Array): { name: string; shape: (number | string)[] } {
  const { graph } = decodeModelProto(bytes);
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const input = (graph.input ?? []).find((i) => !initializers.has(i.name));
  if (!input) throw new Error("the model has no data input");
  const dims = input.type?.tensorType?.shape?.dim ?? [];
  const shape = dims.map((d) =>
    d.dimValue !== undefined && d.dimValue !== null && int64ToNumber(d.dimValue, "dim_value") > 0
      ? int64ToNumber(d.dimValue, "dim_value")
      : d.dimParam || "?",
  );
  return { name: input.name ?? "", shape };
}
