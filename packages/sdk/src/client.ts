/**
 * `createMandateClient`: every action bound to a public client, an optional wallet client and the
 * deployment's addresses, grouped by area.
 */

import * as delegates from "./actions/delegates.js";
import * as governance from "./actions/governance.js";
import * as markets from "./actions/markets.js";
import * as resolvers from "./actions/resolvers.js";
import * as tokens from "./actions/tokens.js";
import * as vault from "./actions/vault.js";
import { addressesFor, type MandateAddresses } from "./addresses.js";
import { MandateError } from "./errors.js";
import type { MandateClientLike } from "./internal.js";

export type CreateMandateClientParameters = {
  /** Reads, simulations and receipts go through this client. */
  publicClient: MandateClientLike;
  /** Signs and sends; without it the write actions throw `NoWalletClient`. */
  walletClient?: MandateClientLike | undefined;
  /** Default: the recorded deployment of the public client's chain. */
  addresses?: MandateAddresses | undefined;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type BoundArgs<P> = Record<never, never> extends P ? [parameters?: P] : [parameters: P];

type Action<P, R> = (client: MandateClientLike, parameters: P) => Promise<R>;

/** Every action, bound. */
export type MandateClient = ReturnType<typeof createMandateClient>;

/**
 * Binds every action to the given clients and addresses:
 *
 * ```ts
 * const mandate = createMandateClient({ publicClient, walletClient });
 * const { result: cost } = await mandate.markets.buy({ marketId: 5n, outcome: 1n, shares: 10_000_000n });
 * ```
 */
export function createMandateClient(parameters: CreateMandateClientParameters) {
  const { publicClient, walletClient } = parameters;
  const addresses = addressesFor(publicClient, parameters.addresses);

  const read =
    <P extends { addresses?: MandateAddresses | undefined }, R>(fn: Action<P, R>) =>
    (...[p]: BoundArgs<DistributiveOmit<P, "addresses">>): Promise<R> =>
      fn(publicClient, { addresses, ...(p ?? {}) } as P);

  const write =
    <
      P extends {
        addresses?: MandateAddresses | undefined;
        publicClient?: MandateClientLike | undefined;
      },
      R,
    >(
      fn: Action<P, R>,
    ) =>
    (...[p]: BoundArgs<DistributiveOmit<P, "addresses" | "publicClient">>): Promise<R> => {
      if (walletClient === undefined) {
        return Promise.reject(
          new MandateError({
            kind: "config",
            code: "NoWalletClient",
            shortMessage:
              "This action sends a transaction: create the Mandate client with a walletClient.",
          }),
        );
      }
      return fn(walletClient, { addresses, publicClient, ...(p ?? {}) } as P);
    };

  return {
    addresses,
    publicClient,
    walletClient,
    tokens: {
      approve: write(tokens.approveCollateral),
      ensureAllowance: write(tokens.ensureAllowance),
      getBalance: read(tokens.getTokenBalance),
    },
    markets: {
      fundingFor: markets.fundingFor,
      create: write(markets.createMarket),
      approveCollateral: write(tokens.approveCollateral),
      quoteBuy: read(markets.quoteBuy),
      quoteSell: read(markets.quoteSell),
      quoteBuyWithCollateral: read(markets.quoteBuyWithCollateral),
      buy: write(markets.buy),
      sell: write(markets.sell),
      buyWithCollateral: write(markets.buyWithCollateral),
      redeem: write(markets.redeem),
      withdrawSurplus: write(markets.withdrawSurplus),
      deposit: write(markets.deposit),
      withdraw: write(markets.withdraw),
      buyFromCredit: write(markets.buyFromCredit),
      sellToCredit: write(markets.sellToCredit),
      creditOf: read(markets.creditOf),
      committeeVote: write(markets.committeeVote),
      get: read(markets.getMarket),
      list: read(markets.listMarkets),
      getPrices: read(markets.getPrices),
      getPosition: read(markets.getPosition),
      getPositions: read(markets.getPositions),
      getMetadata: read(markets.getMarketMetadata),
      getLocalState: read(markets.getLocalMarketState),
    },
    governance: {
      hashProposal: governance.hashProposal,
      propose: write(governance.propose),
      castVote: write(governance.castVote),
      castVoteWithReason: write(governance.castVoteWithReason),
      castOverrideVote: write(governance.castOverrideVote),
      queue: write(governance.queue),
      execute: write(governance.execute),
      delegate: write(governance.delegate),
      undelegate: write(governance.undelegate),
      getProposal: read(governance.getProposal),
      listProposals: read(governance.listProposals),
      getVotingPower: read(governance.getVotingPower),
      getVoteStatus: read(governance.getVoteStatus),
    },
    delegates: {
      register: write(delegates.registerDelegate),
      publishMandate: write(delegates.publishMandate),
      setOperator: write(delegates.setDelegateOperator),
      castVote: write(delegates.castDelegateVote),
      recordPendingDecision: write(delegates.recordPendingDecision),
      get: read(delegates.getDelegate),
      list: read(delegates.listDelegates),
      getDecision: read(delegates.getDecision),
    },
    vault: {
      deposit: write(vault.vaultDeposit),
      withdraw: write(vault.vaultWithdraw),
      setPolicy: write(vault.setVaultPolicy),
      setMarketsAllowed: write(vault.setVaultMarketsAllowed),
      revokeAgent: write(vault.revokeVaultAgent),
      buy: write(vault.vaultBuy),
      sell: write(vault.vaultSell),
      buyWithCollateral: write(vault.vaultBuyWithCollateral),
      redeem: write(vault.vaultRedeem),
      getPolicy: read(vault.getVaultPolicy),
      getBalances: read(vault.getVaultBalances),
    },
    proposalMarkets: {
      create: write(resolvers.createProposalMarket),
      resolve: write(resolvers.resolveProposalMarket),
      withdrawSurplus: write(resolvers.withdrawProposalMarketSurplus),
      get: read(resolvers.getProposalMarket),
    },
    optimistic: {
      propose: write(resolvers.proposeOutcome),
      dispute: write(resolvers.disputeOutcome),
      finalize: write(resolvers.finalizeOutcome),
      claim: write(resolvers.claimBonds),
      get: read(resolvers.getOutcomeProposal),
    },
  };
}
