/**
 * Channel LLRs for BPSK over AWGN: l = 2 y / sigma^2 = log P(bit 0 | y) / P(bit 1 | y).
 * Positive means "bit 0 more likely" (the sign convention of the whole product).
 */
export const channelLlr = (y: Float32Array, sigma: number): Float32Array => {
  const scale = 2 / (sigma * sigma);
  const l = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) l[i] = scale * y[i];
  return l;
};
