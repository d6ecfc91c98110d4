/**
 * Readable names for 32-byte values that appear in governance calls: AccessControl role ids and
 * ENS labelhashes / namehashes of names that DAO proposals touch. Unknown values are shown as hex.
 */
import { keccak256, toHex } from "viem";
import { labelhash, namehash } from "viem/ens";

const ROLE_NAMES = [
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
  "TIMELOCK_ADMIN_ROLE",
  "MINTER_ROLE",
  "PAUSER_ROLE",
  "UPGRADER_ROLE",
  "BURNER_ROLE",
  "OPERATOR_ROLE",
  "GUARDIAN_ROLE",
  "MANAGER_ROLE",
  "ADMIN_ROLE",
] as const;

const ZERO32 = `0x${"0".repeat(64)}`;

const roles = new Map<string, string>([[ZERO32, "DEFAULT_ADMIN_ROLE"]]);
for (const name of ROLE_NAMES) roles.set(keccak256(toHex(name)), name);

/** Roles whose holder controls every other role: granting one hands over the contract. */
export const ADMIN_ROLES: ReadonlySet<string> = new Set([
  "DEFAULT_ADMIN_ROLE",
  "TIMELOCK_ADMIN_ROLE",
  "ADMIN_ROLE",
]);

/** "PROPOSER_ROLE" for its id, else the id in hex. */
export function roleName(role: string): string {
  return roles.get(role.toLowerCase()) ?? role.toLowerCase();
}

/** Labels (single names) and full names whose hashes we recognise. */
const LABELS = [
  "eth",
  "reverse",
  "addr",
  "default",
  "ceo",
  "locker",
  "kred",
  "on",
  "box",
  "xyz",
  "com",
  "org",
  "art",
  "club",
  "io",
  "app",
  "ensdao",
  "wallet",
  "token",
  "endowment",
  "resolver",
  "registry",
  "registrar",
  "controller",
  "root",
];
const NAMES = ["eth", "reverse", "addr.reverse", "default.reverse", "ensdao.eth", "on.eth"];

const labels = new Map<string, string>();
for (const label of LABELS) labels.set(labelhash(label), label);
const nodes = new Map<string, string>([[ZERO32, "the root"]]);
for (const name of [...NAMES, ...LABELS]) nodes.set(namehash(name), name);

/** The label whose keccak256 is `hash` ("ceo"), or null. */
export function labelName(hash: string): string | null {
  return labels.get(hash.toLowerCase()) ?? null;
}

/** The ENS name whose namehash is `node` ("addr.reverse"), or null. */
export function nodeName(node: string): string | null {
  return nodes.get(node.toLowerCase()) ?? null;
}

/** "ceo" for a known labelhash, else "label 0x1234…abcd". */
export function describeLabel(hash: string): string {
  const name = labelName(hash);
  return name ?? `label ${hash.slice(0, 10)}…${hash.slice(-4)}`;
}

/** "addr.reverse" for a known namehash, else "node 0x1234…abcd". */
export function describeNode(node: string): string {
  const name = nodeName(node);
  return name ?? `node ${node.slice(0, 10)}…${node.slice(-4)}`;
}

/** A subname under a node: "addr.reverse", "ceo" under the root, or "<label> under <node>". */
export function describeSubname(node: string, label: string): string {
  const parent = nodeName(node);
  const child = labelName(label);
  if (child !== null && parent !== null)
    return parent === "the root" ? `.${child}` : `${child}.${parent}`;
  return `${describeLabel(label)} under ${describeNode(node)}`;
}
