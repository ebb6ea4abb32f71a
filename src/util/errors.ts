/**
 * An error in what the user gave (a file, a flag, a config field). The CLI
 * prints its message alone, without a stack trace, and exits with code 2.
 *
 * @example
 * ```ts
 * import { codeFromRows, UserError } from 'tanner/decode';
 * import assert from 'node:assert/strict';
 * assert.throws(() => codeFromRows(3, [[0, 3]]), UserError); // variable 3 of a 3-bit code
 * assert.equal(new UserError('bad seed').name, 'UserError');
 * ```
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
