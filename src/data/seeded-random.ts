import { mulberry32Advance, mulberry32Word } from "../math/mulberry32.js";

/**
 * A small seedable PRNG (mulberry32 state step, 2^32 period) for shuffling and augmentation. The
 * seed words go through murmur3's finaliser first so that neighbouring (seed, epoch, stream)
 * triples give unrelated sequences instead of shifted copies of each other.
 */
export class SeededRandom {
  private state: number;

  /** @param words seed, then optional discriminators such as the epoch and a stream id */
  constructor(...words: number[]) {
    let h = 0x9e3779b9;
    for (const word of words) h = fmix32((h ^ fmix32(word >>> 0)) + 0x7f4a7c15);
    this.state = h >>> 0;
  }

  /** Next uniform value in [0, 1) with 32 random bits. */
  next(): number {
    this.state = mulberry32Advance(this.state);
    return mulberry32Word(this.state) / 4294967296;
  }

  /** Uniform integer in [0, n); bias is below n / 2^32, negligible for dataset sizes. */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box–Muller). */
  nextGaussian(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
