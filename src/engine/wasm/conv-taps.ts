import type { backend_util } from "@tensorflow/tfjs-core";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Padding that makes every filter tap's strided window fit: top/left as tfjs resolved them, and
 * bottom/right just large enough for the last window (the resolved value can be short under
 * `ceil` rounding or long for 'same'; rows past the last window are never read).
 * @internal
 */
export function tapPadding(info: backend_util.Conv2DInfo): {
  top: number;
  left: number;
  bottom: number;
  right: number;
} {
  const { top, left } = info.padInfo;
  const needH = (info.filterHeight - 1) * info.dilationHeight + (info.outHeight - 1) * info.strideHeight + 1;
  const needW = (info.filterWidth - 1) * info.dilationWidth + (info.outWidth - 1) * info.strideWidth + 1;
  return {
    top,
    left,
    bottom: Math.max(0, needH - top - info.inHeight),
    right: Math.max(0, needW - left - info.inWidth),
  };
}

/**
 * im2col as wasm ops: for each filter tap (kh, kw), row-major, the input window it sees,
 * `[batch, outHeight, outWidth, channels]`, from the input padded with `padValue` (0 for
 * convolutions, −∞ for max pooling).
 *
 * Strided taps avoid wasm StridedSlice (a slow generic loop): the padded input is split once into
 * its stride phases (every s-th row/column from offset ρ, via reshapes and rank ≤ 4 Slices, which
 * wasm copies row by row), and each tap is then one contiguous Slice of its phase.
 * @internal
 */
export function extractTaps(x: tf.Tensor4D, info: backend_util.Conv2DInfo, padValue = 0): tf.Tensor4D[] {
  const { top, left } = info.padInfo;
  const [b, h, w, c] = x.shape;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  // Padded extent: whole stride blocks covering the furthest tap's window.
  const hp = sh * (Math.floor(((info.filterHeight - 1) * info.dilationHeight) / sh) + info.outHeight);
  const wp = sw * (Math.floor(((info.filterWidth - 1) * info.dilationWidth) / sw) + info.outWidth);
  const bottom = hp - top - h;
  const right = wp - left - w;
  const cut =
    bottom < 0 || right < 0
      ? tf.slice(x, [0, 0, 0, 0], [b, h + Math.min(bottom, 0), w + Math.min(right, 0), c])
      : x;
  const xp = tf.pad(
    cut,
    [
      [0, 0],
      [top, Math.max(bottom, 0)],
      [left, Math.max(right, 0)],
      [0, 0],
    ],
    padValue,
  );
  const phases = new Map<string, tf.Tensor4D>();
  const phase = (rh: number, rw: number): tf.Tensor4D => {
    const key = `${rh},${rw}`;
    const cached = phases.get(key);
    if (cached !== undefined) return cached;
    {
      const rows: tf.Tensor4D =
        sh === 1
          ? xp
          : tf.reshape<tf.Rank.R4>(
              tf.slice(tf.reshape(xp, [b * (hp / sh), sh, wp, c]), [0, rh, 0, 0], [b * (hp / sh), 1, wp, c]),
              [b, hp / sh, wp, c],
            );
      const img: tf.Tensor4D =
        sw === 1
          ? rows
          : tf.reshape<tf.Rank.R4>(
              tf.slice(
                tf.reshape(rows, [b * (hp / sh) * (wp / sw), sw, c]),
                [0, rw, 0],
                [b * (hp / sh) * (wp / sw), 1, c],
              ),
              [b, hp / sh, wp / sw, c],
            );
      phases.set(key, img);
      return img;
    }
  };
  const taps: tf.Tensor4D[] = [];
  for (let kh = 0; kh < info.filterHeight; kh++) {
    for (let kw = 0; kw < info.filterWidth; kw++) {
      const r = kh * info.dilationHeight;
      const q = kw * info.dilationWidth;
      const img = phase(r % sh, q % sw);
      taps.push(
        tf.slice(img, [0, Math.floor(r / sh), Math.floor(q / sw), 0], [b, info.outHeight, info.outWidth, c]),
      );
    }
  }
  return taps;
}

/** Spreads `[b, oh, ow, c]` onto every `stride`-th row and column (zeros between), `(oh-1)·s+1` long. @internal */
export function zeroInsert(t: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return t;
  const [b, oh, ow, c] = t.shape;
  const spread = tf.reshape<tf.Rank.R4>(
    tf.pad(tf.reshape(t, [b, oh, 1, ow, 1, c]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]),
    [b, oh * sh, ow * sw, c],
  );
  return tf.slice(spread, [0, 0, 0, 0], [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, c]);
}

/**
 * col2im, the adjoint of {@link extractTaps}: each tap's `[batch, outHeight, outWidth, channels]`
 * is scattered back to the input positions it was read from and the taps are summed, giving
 * `[batch, inHeight, inWidth, channels]`.
 * @internal
 */
export function scatterTaps(taps: readonly tf.Tensor4D[], info: backend_util.Conv2DInfo): tf.Tensor4D {
  const p = tapPadding(info);
  const fullH = p.top + info.inHeight + p.bottom;
  const fullW = p.left + info.inWidth + p.right;
  const placed: tf.Tensor4D[] = [];
  for (let kh = 0; kh < info.filterHeight; kh++) {
    for (let kw = 0; kw < info.filterWidth; kw++) {
      const spread = zeroInsert(taps[kh * info.filterWidth + kw], info.strideHeight, info.strideWidth);
      const r = kh * info.dilationHeight;
      const q = kw * info.dilationWidth;
      const [, eh, ew] = spread.shape;
      placed.push(
        tf.pad(spread, [
          [0, 0],
          [r, fullH - r - eh],
          [q, fullW - q - ew],
          [0, 0],
        ]),
      );
    }
  }
  const sum = placed.length === 1 ? placed[0] : tf.addN(placed);
  const [b, , , c] = sum.shape;
  return tf.slice(sum, [0, p.top, p.left, 0], [b, info.inHeight, info.inWidth, c]);
}
