/**
 * A trusted scalar reverse-mode engine (micrograd style), used as an oracle
 * for the vector engine. It does not import src/autodiff: every node stores
 * its parents with the local partial derivative, and backward() walks the
 * graph in reverse topological order: parent.grad += local * child.grad.
 */
export class Value {
  grad = 0;

  constructor(
    readonly data: number,
    /** [parent, d this / d parent] */
    private readonly parents: ReadonlyArray<readonly [Value, number]> = [],
  ) {}

  static of(x: Value | number): Value {
    return x instanceof Value ? x : new Value(x);
  }

  add(o: Value | number): Value {
    const b = Value.of(o);
    return new Value(this.data + b.data, [
      [this, 1],
      [b, 1],
    ]);
  }

  sub(o: Value | number): Value {
    return this.add(Value.of(o).neg());
  }

  mul(o: Value | number): Value {
    const b = Value.of(o);
    return new Value(this.data * b.data, [
      [this, b.data],
      [b, this.data],
    ]);
  }

  neg(): Value {
    return new Value(-this.data, [[this, -1]]);
  }

  /** |x|, derivative sgn(x) (0 at 0) */
  abs(): Value {
    return new Value(Math.abs(this.data), [[this, this.data > 0 ? 1 : this.data < 0 ? -1 : 0]]);
  }

  relu(): Value {
    return new Value(Math.max(this.data, 0), [[this, this.data > 0 ? 1 : 0]]);
  }

  exp(): Value {
    const e = Math.exp(this.data);
    return new Value(e, [[this, e]]);
  }

  log(): Value {
    return new Value(Math.log(this.data), [[this, 1 / this.data]]);
  }

  /** log(1 + e^x), written naively (the oracle is used on moderate values only) */
  softplus(): Value {
    return this.exp().add(1).log();
  }

  sigmoid(): Value {
    const s = 1 / (1 + Math.exp(-this.data));
    return new Value(s, [[this, s * (1 - s)]]);
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    return new Value(t, [[this, 1 - t * t]]);
  }

  /** x^p for x > 0 */
  pow(p: number): Value {
    return new Value(Math.pow(this.data, p), [[this, p * Math.pow(this.data, p - 1)]]);
  }

  backward(): void {
    const order: Value[] = [];
    const seen = new Set<Value>();
    // Iterative post-order DFS (graphs here are deep chains of sums).
    const stack: Array<[Value, number]> = [[this, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next === 0 && seen.has(node)) {
        stack.pop();
        continue;
      }
      seen.add(node);
      if (next < node.parents.length) {
        top[1]++;
        const parent = node.parents[next][0];
        if (!seen.has(parent)) stack.push([parent, 0]);
      } else {
        order.push(node);
        stack.pop();
      }
    }
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      for (const [parent, local] of node.parents) parent.grad += local * node.grad;
    }
  }
}

/** Sum of Values (0 for none). */
export const sumValues = (xs: ReadonlyArray<Value>): Value => xs.reduce((s, x) => s.add(x), new Value(0));
