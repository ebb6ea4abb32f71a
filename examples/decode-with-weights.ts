// Decode BCH(63,45) with trained neural min-sum weights and compare with plain min-sum.
// Usage: node --import tsx examples/decode-with-weights.ts [weights.json]   (default: the demo's weights)
import { readFileSync } from 'node:fs';
import { bchCode, countErrors, createDecoder, rngStream, transmit } from '../src/decode.js'; // 'tanner/decode' when installed

const weightsPath = process.argv[2] ?? new URL('../docs/demo/weights.json', import.meta.url);
const code = bchCode(63, 45); // or codeFromAlist(alistText), codeFromRows(n, rows)
const neural = createDecoder(code, readFileSync(weightsPath, 'utf8')); // checks the weights fit the code
const plain = createDecoder(code, { kind: 'ms', iterations: neural.iterations });
const ebn0Db = 4;
const batch = transmit(code, 2000, ebn0Db, 'random', rngStream(1)); // same frames for both decoders
for (const decoder of [neural, plain]) {
  const { hard } = decoder.decode(batch.llr);
  const e = countErrors(batch.bits, hard, code.n);
  console.log(`${decoder.label}: BER ${(e.bitErrors / e.bits).toExponential(2)}, FER ${(e.frameErrors / e.frames).toFixed(3)} (${e.frames} frames at ${ebn0Db} dB)`);
}
