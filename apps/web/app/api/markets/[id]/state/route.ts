import { getLocalMarketState, mandateAddresses } from "@mandate/sdk";
import { NextResponse } from "next/server";
import { readConfig } from "@/lib/config";
import { serverPublicClient } from "@/lib/server/chain";
import { chainErrorMessage } from "@/lib/server/context";

/**
 * What an exact quote needs, read from the chain at one block through the SDK's
 * `getLocalMarketState`: the market's liquidity, log-sum, fee and pool, and the outcome's supply
 * (decimal strings). The browser prices trades from it with @mandate/lmsr, to the wei.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const outcome = new URL(request.url).searchParams.get("outcome") ?? "";
  if (!/^[1-9][0-9]{0,19}$/.test(id)) {
    return NextResponse.json(
      { error: `market id must be a positive integer, got "${id}"` },
      { status: 400 },
    );
  }
  if (!/^[0-9]{1,3}$/.test(outcome) || Number(outcome) > 255) {
    return NextResponse.json(
      { error: `outcome must be an integer from 0 to 255, got "${outcome}"` },
      { status: 400 },
    );
  }
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    return NextResponse.json({ error: (error as Error).message }, { status: 500 });
  }
  try {
    const state = await getLocalMarketState(serverPublicClient(config), {
      addresses: mandateAddresses(config.chainId),
      marketId: BigInt(id),
      outcome: BigInt(outcome),
    });
    return NextResponse.json(
      {
        marketId: id,
        outcome: Number(outcome),
        blockNumber: state.blockNumber.toString(),
        liquidity: state.market.liquidity.toString(),
        logSum: state.market.logSum.toString(),
        feeBps: state.market.feeBps.toString(),
        pool: (state.market.pool ?? 0n).toString(),
        supply: state.supply.toString(),
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    const message = chainErrorMessage(error);
    const notFound = /^There is no market #/.test(message);
    return NextResponse.json({ error: message }, { status: notFound ? 404 : 502 });
  }
}
