/**
 * Bad usage or bad input: `platform` prints the message as one line on
 * stderr and exits 2. The message names the flag, key or file and what was
 * expected.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
