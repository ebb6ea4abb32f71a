/**
 * An error in what the user gave (a file, a flag, a config field). The CLI
 * prints its message alone, without a stack trace, and exits with code 2.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
