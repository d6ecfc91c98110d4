import type { DecisionStatus } from "./types.js";

/** Base class for every error the decision store throws. */
export class StoreError extends Error {
  override name = "StoreError";
}

/** The database could not be reached or opened. The message never contains a password. */
export class StoreConnectionError extends StoreError {
  override name = "StoreConnectionError";
}

/** Another process holds the embedded database directory. */
export class StoreLockedError extends StoreError {
  override name = "StoreLockedError";
}

/** An argument was malformed (bad address, negative block, unknown status, ...). */
export class StoreInputError extends StoreError {
  override name = "StoreInputError";
}

/** The database schema is newer than this build knows, or a migration failed. */
export class SchemaVersionError extends StoreError {
  override name = "SchemaVersionError";
}

export class DecisionNotFoundError extends StoreError {
  override name = "DecisionNotFoundError";
  constructor(readonly id: number) {
    super(`decision ${id} does not exist`);
  }
}

/** `from → to` is not an allowed transition (see DECISION_TRANSITIONS). */
export class InvalidTransitionError extends StoreError {
  override name = "InvalidTransitionError";
  constructor(
    readonly id: number,
    readonly from: DecisionStatus,
    readonly to: DecisionStatus,
  ) {
    super(`decision ${id}: transition ${from} → ${to} is not allowed`);
  }
}

/** Compare-and-set failed: the decision was not in the expected status (someone else moved it). */
export class TransitionConflictError extends StoreError {
  override name = "TransitionConflictError";
  constructor(
    readonly id: number,
    readonly expected: DecisionStatus,
    readonly actual: DecisionStatus,
    readonly to: DecisionStatus,
  ) {
    super(
      `decision ${id}: cannot move to ${to}: status is ${actual}, expected ${expected} ` +
        "(another process changed it first)",
    );
  }
}
