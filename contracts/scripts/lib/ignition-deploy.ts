/**
 * Deploys an Ignition module through the Ignition core API, non-interactively, on any network
 * connection (including `localhost` with an overridden URL), with the journal in a directory of the
 * caller's choice, and reports each contract's address and the block that created it.
 *
 * Why not `hardhat ignition deploy`: the CLI only reaches the URL in hardhat.config.ts (fixed port)
 * and puts the journal under ignition/deployments/<id>. Its only prompts are a network confirmation
 * for chains other than 31337 (skipped when HARDHAT_IGNITION_CONFIRM_DEPLOYMENT is set) and a reset
 * confirmation (HARDHAT_IGNITION_CONFIRM_RESET); the core API never prompts.
 */
import {
  errorDeploymentResultToExceptionMessage,
  HardhatArtifactResolver,
} from "@nomicfoundation/hardhat-ignition/helpers";
import {
  type DeploymentParameters,
  DeploymentResultType,
  deploy,
  type ExecutionEventListener,
  type IgnitionModule,
} from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { Address, Hash } from "viem";

export interface DeployedContractInfo {
  futureId: string;
  contractName: string;
  address: Address;
  /** Block of the creating transaction (undefined for a contract found by `contractAt`). */
  blockNumber: number | undefined;
}

export interface DeployModuleOptions {
  parameters?: DeploymentParameters;
  /** Where Ignition keeps the journal; undefined keeps it in memory only. */
  deploymentDir?: string;
  log?: (line: string) => void;
}

/** A listener that logs completed futures and records the hash of each future's transaction. */
function progressListener(
  log: (line: string) => void,
  hashes: Map<string, Hash>,
): ExecutionEventListener {
  const handlers: Partial<Record<string, (event: never) => Promise<void>>> = {
    transactionSend: async (event: { futureId: string; hash: string }) => {
      hashes.set(event.futureId, event.hash as Hash);
    },
    deploymentExecutionStateComplete: async (event: {
      futureId: string;
      result: { type: string; error?: string };
    }) => {
      log(
        event.result.type === "SUCCESS"
          ? `deployed ${event.futureId}`
          : `failed ${event.futureId}: ${event.result.error ?? event.result.type}`,
      );
    },
    callExecutionStateComplete: async (event: { futureId: string; result: { type: string } }) => {
      log(`${event.result.type === "SUCCESS" ? "called" : "failed"} ${event.futureId}`);
    },
  };
  return new Proxy({} as ExecutionEventListener, {
    get: (_target, name) => handlers[String(name)] ?? (async () => {}),
  });
}

export async function deployIgnitionModule(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  ignitionModule: IgnitionModule,
  { parameters = {}, deploymentDir, log = () => {} }: DeployModuleOptions = {},
): Promise<Record<string, DeployedContractInfo>> {
  const { provider } = connection;
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  const hashes = new Map<string, Hash>();
  const result = await deploy({
    // Poll quickly: the local chain mines each transaction at once.
    config: { blockPollingInterval: 100, ...hre.config.ignition },
    provider,
    executionEventListener: progressListener(log, hashes),
    artifactResolver: new HardhatArtifactResolver(hre.artifacts),
    deploymentDir,
    ignitionModule,
    deploymentParameters: parameters,
    accounts,
  });
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
    throw new Error(
      `Ignition could not deploy ${ignitionModule.id}: ${errorDeploymentResultToExceptionMessage(result)}`,
    );
  }
  const deployed: Record<string, DeployedContractInfo> = {};
  for (const [futureId, contract] of Object.entries(result.contracts)) {
    const hash = hashes.get(futureId);
    let blockNumber: number | undefined;
    if (hash !== undefined) {
      const receipt = (await provider.request({
        method: "eth_getTransactionReceipt",
        params: [hash],
      })) as {
        blockNumber: string;
      } | null;
      if (receipt !== null) blockNumber = Number(BigInt(receipt.blockNumber));
    }
    deployed[futureId] = {
      futureId,
      contractName: contract.contractName,
      address: contract.address as Address,
      blockNumber,
    };
  }
  return deployed;
}
