/** A repair that cannot go on: the input changed or is damaged where the plan needs it. Nothing written is usable. */
export class RepairError extends Error {
  override name = 'RepairError';
}
