import { malformedModel } from "./onnx-model-error.js";

/** What the sort needs to know about a node. @internal */
export interface SortableNode {
  /** Unique display name for messages. */
  readonly name: string;
  readonly opType: string;
  /** Input names; "" marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A min-heap of node indices, so that ready nodes come out in their original graph order. */
class IndexHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(v: number): void {
    const a = this.items;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Stable topological order of `nodes` (Kahn's algorithm; a graph that is already sorted keeps
 * its order). `available` holds the graph inputs and constants. Throws INVALID_ARGUMENT for an
 * input that nothing provides, a tensor produced twice, or a cycle (naming the nodes on it).
 * @internal
 */
export function topologicalOrder(nodes: readonly SortableNode[], available: ReadonlySet<string>): number[] {
  const producer = new Map<string, number>();
  nodes.forEach((node, i) => {
    for (const out of node.outputs) {
      if (out === "") continue;
      const other = producer.get(out);
      if (other !== undefined || available.has(out)) {
        const by = other === undefined ? "a graph input or initializer" : `node '${nodes[other].name}'`;
        throw malformedModel(`${node.opType} node '${node.name}': output '${out}' is also produced by ${by}`);
      }
      producer.set(out, i);
    }
  });
  const consumers: number[][] = nodes.map(() => []);
  const pending = nodes.map((node, i) => {
    const from = new Set<number>();
    for (const input of node.inputs) {
      if (input === "" || available.has(input)) continue;
      const p = producer.get(input);
      if (p === undefined) {
        throw malformedModel(
          `${node.opType} node '${node.name}': input '${input}' is not a graph input, initializer or node output`,
        );
      }
      if (!from.has(p)) consumers[p].push(i);
      from.add(p);
    }
    return from.size;
  });
  const ready = new IndexHeap();
  pending.forEach((n, i) => {
    if (n === 0) ready.push(i);
  });
  const order: number[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(i);
    for (const c of consumers[i]) if (--pending[c] === 0) ready.push(c);
  }
  if (order.length < nodes.length) {
    const stuck = nodes.filter((_, i) => pending[i] > 0).map((n) => `'${n.name}'`);
    throw malformedModel(`graph has a cycle: nodes ${stuck.slice(0, 10).join(", ")} wait on each other`);
  }
  return order;
}
