import { batchNormalizationRule } from "./batch-normalization.js";
import { concatRules } from "./concat.js";
import { convRule } from "./conv.js";
import { convTransposeRule } from "./conv-transpose.js";
import { broadcastRules } from "./elementwise-binary.js";
import { sameShapeRules } from "./elementwise-unary.js";
import { flattenRule } from "./flatten.js";
import { gemmRule } from "./gemm.js";
import { identityCastRules } from "./identity-cast.js";
import { matMulRule } from "./matmul.js";
import { createOpRegistry, type OpRegistry } from "./op-registry.js";
import { padRules } from "./pad.js";
import { globalPoolRules, poolRules } from "./pool.js";
import { reduceShapeRules } from "./reduce.js";
import { reshapeRules } from "./reshape.js";
import { resizeRules } from "./resize.js";
import { shapeOfRules } from "./shape-of.js";
import type { ShapeRule } from "./shape-rule.js";
import { sliceGatherRules } from "./slice-gather.js";
import { squeezeRules } from "./squeeze.js";
import { transposeRule } from "./transpose.js";

/** Every shape rule normserve ships, one entry per op and opset where semantics change. */
export const defaultShapeRules: readonly ShapeRule[] = [
  convRule,
  convTransposeRule,
  ...poolRules,
  ...globalPoolRules,
  batchNormalizationRule,
  gemmRule,
  matMulRule,
  ...sameShapeRules,
  ...identityCastRules,
  ...broadcastRules,
  ...concatRules,
  flattenRule,
  ...reshapeRules,
  ...squeezeRules,
  transposeRule,
  ...padRules,
  ...resizeRules,
  ...reduceShapeRules,
  ...shapeOfRules,
  ...sliceGatherRules,
];

/** A registry over {@link defaultShapeRules}. */
export function createDefaultOpRegistry(): OpRegistry {
  return createOpRegistry(defaultShapeRules);
}
