/**
 * The discrete Fourier transform in O(n log n), for series_fft / series_ifft: an iterative
 * radix-2 FFT when the length is a power of two, Bluestein's chirp-z transform (three power-of-two
 * FFTs of a convolution) for any other length. The plain DFT's n² steps made a 100,000-element
 * series take minutes; this takes milliseconds and gives the same values to rounding.
 *
 * Angles are reduced before cos/sin ((k·t) mod n, k² mod 2n), so long series lose no precision.
 */

/** In place: the forward (sign −1) or unscaled inverse (sign +1) FFT of a power-of-two length. */
function radix2(re: Float64Array, im: Float64Array, sign: number): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    for (let k = 0; k < half; k++) {
      const angle = (sign * 2 * Math.PI * k) / len;
      const wr = Math.cos(angle);
      const wi = Math.sin(angle);
      for (let start = 0; start < n; start += len) {
        const a = start + k;
        const b = a + half;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

/** Bluestein: X[k] = conj(w[k]) · Σ x[t]·conj(w[t]) · w[k−t], with w[m] = e^(iπm²/n) (sign −1). */
function bluestein(re: readonly number[], im: readonly number[], sign: number): [Float64Array, Float64Array] {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (-sign * Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(angle);
    wi[k] = Math.sin(angle);
  }
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    // a[t] = x[t] · conj(w[t])
    ar[t] = re[t]! * wr[t]! + im[t]! * wi[t]!;
    ai[t] = im[t]! * wr[t]! - re[t]! * wi[t]!;
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = wr[0]!;
  bi[0] = wi[0]!;
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = wr[k]!;
    bi[k] = bi[m - k] = wi[k]!;
  }
  radix2(ar, ai, -1);
  radix2(br, bi, -1);
  for (let i = 0; i < m; i++) {
    const r = ar[i]! * br[i]! - ai[i]! * bi[i]!;
    ai[i] = ar[i]! * bi[i]! + ai[i]! * br[i]!;
    ar[i] = r;
  }
  radix2(ar, ai, 1);
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const cr = ar[k]! / m;
    const ci = ai[k]! / m;
    outRe[k] = cr * wr[k]! + ci * wi[k]!;
    outIm[k] = ci * wr[k]! - cr * wi[k]!;
  }
  return [outRe, outIm];
}

/** The DFT of (re, im); `inverse` flips the sign of the exponent and scales by 1/N. */
export function dft(re: readonly number[], im: readonly number[], inverse: boolean): [number[], number[]] {
  const n = re.length;
  if (n === 0) return [[], []];
  const sign = inverse ? 1 : -1;
  let outRe: Float64Array;
  let outIm: Float64Array;
  if ((n & (n - 1)) === 0) {
    outRe = Float64Array.from(re);
    outIm = Float64Array.from(im);
    radix2(outRe, outIm, sign);
  } else [outRe, outIm] = bluestein(re, im, sign);
  const scale = inverse ? 1 / n : 1;
  return [Array.from(outRe, (x) => x * scale), Array.from(outIm, (x) => x * scale)];
}
