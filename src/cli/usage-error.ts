/** Bad arguments: exit 2 with one line and a pointer to the command's help. */
export class UsageError extends Error {}

/** Input that cannot be used (no such path, not a regular file, too large): exit 2 with one line. */
export class InputFileError extends Error {}
