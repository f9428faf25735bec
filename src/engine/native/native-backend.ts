import type { Tensor } from "@tensorflow/tfjs-core";

/** The constants of tfjs-node's binding that raw op calls need. */
export interface NativeBinding {
  readonly TF_ATTR_STRING: number;
  readonly TF_ATTR_INT: number;
  readonly TF_ATTR_FLOAT: number;
  readonly TF_ATTR_BOOL: number;
  readonly TF_ATTR_TYPE: number;
  readonly TF_ATTR_SHAPE: number;
  readonly TF_FLOAT: number;
  readonly TF_INT32: number;
  readonly TF_Version: string;
}

/** One attribute of a raw TF op call. */
export interface NativeOpAttr {
  readonly name: string;
  readonly type: number;
  readonly value: string | number | boolean | number[];
}

/** The part of tfjs-node's `NodeJSKernelBackend` that runs raw TensorFlow ops. */
export interface NativeTfBackend {
  readonly binding: NativeBinding;
  readonly isUsingGpuDevice: boolean;
  executeMultipleOutputs(name: string, attrs: NativeOpAttr[], inputs: Tensor[], numOutputs: number): Tensor[];
}

/** Whether a tfjs backend object is tfjs-node's (it can run raw TF ops). */
export function isNativeTfBackend(backend: unknown): backend is NativeTfBackend {
  if (typeof backend !== "object" || backend === null) return false;
  return "executeMultipleOutputs" in backend && "binding" in backend;
}

/**
 * Typed builders for raw op attributes, so op calls read like the TF op definitions.
 */
export class NativeAttrs {
  constructor(private readonly binding: NativeBinding) {}

  /** The float32 type attr `name` (T, U). */
  float32(name = "T"): NativeOpAttr {
    return { name, type: this.binding.TF_ATTR_TYPE, value: this.binding.TF_FLOAT };
  }

  /** The int32 type attr `name`. */
  int32(name: string): NativeOpAttr {
    return { name, type: this.binding.TF_ATTR_TYPE, value: this.binding.TF_INT32 };
  }

  ints(name: string, value: readonly number[]): NativeOpAttr {
    return { name, type: this.binding.TF_ATTR_INT, value: [...value] };
  }

  int(name: string, value: number): NativeOpAttr {
    return { name, type: this.binding.TF_ATTR_INT, value };
  }

  float(name: string, value: number): NativeOpAttr {
    return { name, type: this.binding.TF_ATTR_FLOAT, value };
  }

  string(name: string, value: string): NativeOpAttr {
    return { name, type: this.binding.TF_ATTR_STRING, value };
  }

  bool(name: string, value: boolean): NativeOpAttr {
    return { name, type: this.binding.TF_ATTR_BOOL, value };
  }

  /** The attr that selects oneDNN's native-format kernel for a `_MklNative*` op. */
  oneDnn(): NativeOpAttr {
    return this.string("_kernel", "MklNameChangeOp");
  }
}
