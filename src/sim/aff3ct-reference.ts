import { loadCode } from '../codes/builtin.js';
import { SimConfig } from './monte-carlo.js';

/** One point of AFF3CT's reference table (field names as in the fixture file). */
export interface Aff3ctPoint {
  readonly ebn0_db: number;
  readonly esn0_db: number;
  readonly frames: number;
  readonly bit_errors: number;
  readonly frame_errors: number;
  readonly ber: number;
  readonly fer: number;
}

/** The fixture's file name under spec/fixtures/ (a copy of AFF3CT's error_rate_references entry). */
export const AFF3CT_WIMAX_FIXTURE = 'aff3ct_wimax576_spa_flooding_i100.json';

/**
 * Our simulator set up like AFF3CT's reference run: WiMAX (576, 288), SPA
 * flooding with at most 100 iterations and syndrome early stop, all-zero
 * codeword, 100 frame errors per point, BER on the K = 288 information bits.
 */
export const aff3ctWimaxConfig = (ebn0Db: readonly number[], seed: number, maxFrames: number, minFrameErrors = 100): SimConfig => ({
  code: loadCode('wimax-576-288'),
  decoder: { kind: 'spa', iterations: 100 },
  ebn0Db,
  seed,
  minFrameErrors,
  maxFrames,
  earlyStop: true,
  berOn: 'info',
  codeword: 'zero',
});
