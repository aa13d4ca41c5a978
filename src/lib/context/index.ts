/** What the reader tells us: types and the parsers that turn pasted text into them. */
export * from './types.ts';
export { parseModelSummary, sameClassName } from './summary.ts';
export { parseVariableList, VariableListError, dtypeName } from './variable-list.ts';
export { parseKerasConfig, KerasConfigError } from './keras-config.ts';
export { expectedFromFacts } from './from-facts.ts';
export { parseRuntime, parseBytes, type RuntimeInput } from './runtime.ts';
export { parseRelease, compareRelease, releaseText, kerasMajorOf, type Release } from './version.ts';
export { parseExpected } from './expected.ts';
