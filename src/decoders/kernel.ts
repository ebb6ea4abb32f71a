import { simdSupported } from './wasm/emit.js';

/**
 * Which implementation runs a decoder: 'wasm' (the WebAssembly SIMD kernels
 * in wasm/), 'js' (the frame-at-a-time JavaScript references), or 'auto'
 * [default]: wasm where this runtime validates WebAssembly SIMD, else js.
 * Both compute the same float32 arithmetic, so the choice changes speed, not
 * results (spec/decoders/min-sum-simd.spec.ts).
 */
export type KernelChoice = 'auto' | 'js' | 'wasm';
export type Kernel = 'js' | 'wasm';

export const KERNEL_CHOICES: readonly KernelChoice[] = ['auto', 'js', 'wasm'];

let simd: boolean | undefined;
/** WebAssembly SIMD support, probed once. */
export const wasmSimdAvailable = (): boolean => (simd ??= simdSupported());

/**
 * The default choice: `TANNER_KERNEL=js|wasm|auto` in the environment, else
 * 'auto'. The one place outside src/cli that reads the environment, so that
 * a whole run (CLI, Monte Carlo workers, the test suite) can be forced onto
 * one kernel for comparison; guarded so that browsers (no `process`) get 'auto'.
 */
export const defaultKernelChoice = (): KernelChoice => {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.TANNER_KERNEL;
  if (value === undefined || value === '') return 'auto';
  if (!(KERNEL_CHOICES as readonly string[]).includes(value)) throw new Error(`TANNER_KERNEL=${value}: expected one of ${KERNEL_CHOICES.join(', ')}`);
  return value as KernelChoice;
};

/** The kernel a choice runs on this runtime; asking for 'wasm' where SIMD is missing is an error, not a silent fallback. */
export const resolveKernel = (choice: KernelChoice = defaultKernelChoice()): Kernel => {
  if (choice === 'js') return 'js';
  if (choice === 'wasm') {
    if (!wasmSimdAvailable()) throw new Error('kernel "wasm" requested, but this runtime does not support WebAssembly SIMD');
    return 'wasm';
  }
  return wasmSimdAvailable() ? 'wasm' : 'js';
};
