/**
 * Thrown inside shape rules when an input's shape or constant value is not known; the inference
 * loop catches it and marks the node's outputs unknown with `reason` (or fails, for rules that
 * cannot do without). Never escapes the parser.
 * @internal
 */
export class UnknownShapeSignal extends Error {
  override name = "UnknownShapeSignal";

  constructor(readonly reason: string) {
    super(reason);
  }
}
