import type { OnnxExecutor } from "../engine/executor/onnx-executor.js";
import type { MomentumSgd } from "../engine/optim/momentum-sgd.js";
import { failedPrecondition } from "../errors/normserve-error.js";
import { decodeModelProto } from "../onnx/decode-model-proto.js";
import { indexGraph } from "../onnx/graph-index.js";
import { decodeFloatTensor } from "../onnx/initializer-data.js";
import type { CheckpointState } from "./train-checkpoint.js";
import type { TrainDecaySession } from "./train-decay-session.js";

/**
 * Loads a checkpoint into a fresh executor, optimiser and decay session: every weight and buffer
 * by initializer name from the checkpoint ONNX, the momentum buffers, `G` and the executor's random
 * stream (Dropout), so the run goes on bit for bit as if it had not stopped.
 * @throws FAILED_PRECONDITION when the checkpoint does not fit the model.
 */
export function restoreCheckpoint(
  exe: OnnxExecutor,
  sgd: MomentumSgd,
  session: TrainDecaySession,
  onnx: Uint8Array,
  state: CheckpointState,
  decayMomentum: number,
): void {
  const tf = exe.tf;
  const graph = indexGraph(decodeModelProto(onnx));
  for (const p of exe.params.all()) {
    if (p.role === "constant") continue;
    const tensor = graph.constants.get(p.name);
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (tensor === undefined)
      throw failedPrecondition(`resume_from: the checkpoint has no initializer '${p.name}'`);
    const values = Float32Array.from(decodeFloatTensor(tensor));
    if (values.length !== size)
      throw failedPrecondition(
        `resume_from: checkpoint initializer '${p.name}' has ${values.length} values, the model ${size}`,
      );
    exe.params.set(
      p.name,
      tf.tidy(() => exe.params.fromOnnxLayout(p.name, tf.tensor(values, [...p.shape], "float32"))),
    );
  }
  for (const [name, v] of state.velocity) {
    const p = exe.params.get(name);
    if (p === undefined || p.shape.reduce((a, b) => a * b, 1) !== v.length)
      throw failedPrecondition(`resume_from: checkpoint velocity '${name}' does not fit the model`);
    sgd.setBuffer(
      name,
      tf.tidy(() => exe.params.fromOnnxLayout(name, tf.tensor(v, [...p.shape], "float32"))),
    );
  }
  session.restore(state.decay, decayMomentum);
  const dropoutState = state.index.rng.dropoutState;
  if (dropoutState !== undefined) {
    if (!Number.isInteger(dropoutState) || dropoutState < 0 || dropoutState > 0xffffffff)
      throw failedPrecondition(`resume_from: checkpoint random state ${dropoutState} is not a uint32`);
    exe.restoreRandomState(dropoutState);
  }
}
