// An error meant for a person: the message says what is wrong and where, so the CLI prints it without
// a stack trace. Anything else that escapes is a bug in alloy-stack and is printed with its stack.

export class UserError extends Error {
  readonly problems: string[];

  constructor(problems: string[] | string) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join('\n'));
    this.name = 'UserError';
    this.problems = list;
  }
}

// By shape too: an environment file outside an ES-module package is CommonJS and requires its own copy of
// lib/, whose UserError is another class with the same meaning.
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (error instanceof Error && error.name === 'UserError' && Array.isArray((error as UserError).problems));
}
