/**
 * Child process for the crash-resume test: records a decision, claims it for sending (with a
 * nonce), reports "claimed" on stdout and then kills itself with SIGKILL before it can send or
 * close the store — what a power cut or OOM kill between "claim" and "broadcast" looks like.
 *
 * Args: JSON { dataDir?: string, databaseUrl?: string, schema?: string }.
 */
import { openDecisionStore } from "../src/store/index.js";

const args = JSON.parse(process.argv[2] ?? "{}") as {
  dataDir?: string;
  databaseUrl?: string;
  schema?: string;
};
const store = await openDecisionStore(args);
const { decision } = await store.recordDecision({
  delegate: "0x00000000000000000000000000000000000000d1",
  governor: "0x00000000000000000000000000000000000000a1",
  proposalId: "115792089237316195423570985008687907853269984665640564039457584007913129639935",
  mandateHash: `0x${"ab".repeat(32)}`,
  mandateVersion: 3,
  summaryHash: `0x${"cd".repeat(32)}`,
  vote: "against",
  ruleId: "treasury-cap",
  rationale: "Transfers 2,000,000 USDC, above the 500,000 cap.",
  deadline: 1_900_000_000n,
});
await store.transition(decision.id, "pending", "sending", { nonce: 18_446_744_073_709_551_617n });
process.stdout.write(`claimed ${decision.id}\n`);
process.kill(process.pid, "SIGKILL");
