/**
 * Shapes of the proposal fixtures used to test the delegate end to end: real proposals (text from
 * a corpus, actions encoded to match what the text says) with the facts an engine should find,
 * and adversarial inputs with the properties that must hold.
 */
import type { Mismatch, RiskLevel, Topic } from "@mandate/mandate";
import type { ProposalInput } from "../types.js";

/** Highlights of the facts an engine must extract for a fixture. */
export interface ExpectedFacts {
  /** `facts.topics[0]`. */
  topic0: Topic;
  executable: boolean;
  /** Whether some transfer moves a non-zero amount. */
  hasTransfer: boolean;
  /** Inclusive USD range `totalUsd` must fall in; null when it must be null (unpriced value). */
  totalUsd: readonly [number, number] | null;
  risk: RiskLevel;
}

export type ProposalFixtureKind =
  | "treasury"
  | "grant"
  | "stream"
  | "swap"
  | "parameter"
  | "registrar"
  | "security"
  | "upgrade"
  | "social";

/** A real proposal with actions that match its text. */
export interface ProposalFixture {
  /** Proposal number, e.g. "6.32". */
  ep: string;
  /** File the text comes from, e.g. "6.32.mdx". */
  file: string;
  kind: ProposalFixtureKind;
  /** The text (frontmatter removed) and the encoded actions. */
  proposal: ProposalInput;
  /** The corpus's human one-line summary (frontmatter `description:`), when present. */
  humanSummary: string | null;
  expectedFacts: ExpectedFacts;
  /** Where the actions come from: calldata quoted in the text, or encoded from its prose. */
  provenance: string;
}

/** What must hold for an adversarial fixture (all fields optional; each present one is checked). */
export interface AdversarialExpectations {
  /** Mismatch kinds that must be among `facts.mismatches`. */
  mismatchKinds?: Mismatch["kind"][];
  /** Substrings (case-insensitive) that some `summary.flags` entry must contain. */
  flagsInclude?: string[];
  /** `facts.risk` must be at least this. */
  minRisk?: RiskLevel;
  /** `facts.confidence` must be at most this. */
  maxConfidence?: number;
  /** Topics `facts.topics` must not contain. */
  topicsExclude?: Topic[];
  /** `facts.topics[0]` must be this. */
  topic0?: Topic;
  unknownCalldata?: boolean;
  /** Substrings (case-insensitive) the tl;dr must contain. */
  tldrIncludes?: string[];
  /** Text in the description injected by the attacker; removing it must leave facts unchanged. */
  injected?: string;
  /** `facts.mismatches` must be empty. */
  noMismatches?: boolean;
}

/** An adversarial fixture as stored in JSON: bigints as decimal strings. */
export interface AdversarialFixtureJson {
  name: string;
  /** What the attack is and why the expectations matter. */
  about: string;
  proposal: Omit<ProposalInput, "values"> & { values: string[] };
  expect: AdversarialExpectations;
}
