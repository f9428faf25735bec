import { decodeModelProto } from "../../../onnx/decode-model-proto.js";
import { OnnxDataType } from "../../../onnx/onnx-data-type.js";
import { onnx } from "../../../onnx/onnx-proto.js";

/**
 * The model with every BatchNormalization (4-d NCHW input) spelled out in plain ops that use the
 * batch's statistics: `(x − mean) / √(var + ε) · γ + β`, mean and biased variance over N, H, W
 * (train-mode batch norm as PyTorch normalises). onnxruntime then computes a train-mode forward
 * pass without knowing about training.
 * @internal
 */
export function batchStatsBnModel(bytes: Uint8Array): Uint8Array {
  const { model, graph } = decodeModelProto(bytes);
  const nodes: onnx.INodeProto[] = [];
  const initializers = graph.initializer ?? [];
  const reduce = (input: string, output: string): onnx.INodeProto => ({
    opType: "ReduceMean",
    input: [input],
    output: [output],
    attribute: [
      { name: "axes", type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 3] },
      { name: "keepdims", type: onnx.AttributeProto.AttributeType.INT, i: 1 },
    ],
  });
  const op = (opType: string, input: string[], output: string): onnx.INodeProto => ({
    opType,
    input,
    output: [output],
  });
  for (const node of graph.node ?? []) {
    if (node.opType !== "BatchNormalization") {
      nodes.push(node);
      continue;
    }
    const [x, scale, bias] = node.input ?? [];
    const eps = (node.attribute ?? []).find((a) => a.name === "epsilon")?.f ?? 1e-5;
    const p = `${node.name ?? "bn"}/batch_stats`;
    initializers.push(
      { name: `${p}/eps`, dims: [], dataType: OnnxDataType.FLOAT, floatData: [eps] },
      { name: `${p}/cshape`, dims: [3], dataType: OnnxDataType.INT64, int64Data: [-1, 1, 1] },
    );
    nodes.push(
      reduce(x, `${p}/mean`),
      op("Sub", [x, `${p}/mean`], `${p}/d`),
      op("Mul", [`${p}/d`, `${p}/d`], `${p}/d2`),
      reduce(`${p}/d2`, `${p}/var`),
      op("Add", [`${p}/var`, `${p}/eps`], `${p}/var_eps`),
      op("Sqrt", [`${p}/var_eps`], `${p}/std`),
      op("Div", [`${p}/d`, `${p}/std`], `${p}/xhat`),
      op("Reshape", [scale, `${p}/cshape`], `${p}/g`),
      op("Reshape", [bias, `${p}/cshape`], `${p}/b`),
      op("Mul", [`${p}/xhat`, `${p}/g`], `${p}/scaled`),
      op("Add", [`${p}/scaled`, `${p}/b`], (node.output ?? [])[0]),
    );
  }
  graph.node = nodes;
  graph.initializer = initializers;
  return onnx.ModelProto.encode(model).finish();
}
