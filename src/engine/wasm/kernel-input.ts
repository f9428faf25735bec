import type { NamedTensorInfoMap, TensorInfo } from "@tensorflow/tfjs-core";

/** The named kernel input, or an error naming the kernel and the inputs that did arrive. @internal */
export function kernelInput(kernel: string, inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const t = inputs[name];
  if (t === undefined) {
    throw new Error(`${kernel}: expected input '${name}', got [${Object.keys(inputs).join(", ")}]`);
  }
  return t;
}
