/** BPSK: bit b -> symbol 1 - 2b (bit 0 -> +1, bit 1 -> -1). */
export const bpsk = (bits: Uint8Array): Float32Array => {
  const x = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) x[i] = 1 - 2 * bits[i];
  return x;
};
