import "server-only";
import { getMarketMetadata, listMarkets } from "@mandate/sdk";
import type {
  MarketResponse,
  MarketsResponse,
  PricesResponse,
  TradesResponse,
} from "../indexer-types";
import type { MarketDetail, MarketSummaryView, Notice, PriceSeries } from "../views";
import { chainErrorMessage, type ServerContext } from "./context";
import { chainMarketView, indexedMarketView, indexerNotice } from "./proposals";

export async function loadMarkets(
  ctx: ServerContext,
): Promise<{ markets: MarketSummaryView[]; notices: Notice[] }> {
  const notices: Notice[] = [];
  const res = await ctx.indexer<MarketsResponse>("/markets?limit=1000");
  if (res.ok) return { markets: res.data.markets.map(indexedMarketView), notices };
  notices.push({ kind: "indexer", message: indexerNotice(res.message) });
  if (ctx.addresses === null) return { markets: [], notices };
  const addresses = ctx.addresses;
  try {
    const all = await listMarkets(ctx.client, { addresses });
    const markets = await Promise.all(all.map((m) => chainMarketView(ctx, addresses, m.marketId)));
    return { markets, notices };
  } catch (error) {
    notices.push({
      kind: "chain",
      message: `The chain is unreachable too (${chainErrorMessage(error)}): no markets to show.`,
    });
    return { markets: [], notices };
  }
}

/** Per-outcome step series from the indexer's price points (timestamps in seconds). */
export function priceSeries(prices: PricesResponse): PriceSeries[] {
  const series: PriceSeries[] = prices.outcomes.map((label, outcome) => ({
    outcome,
    label,
    points: [],
  }));
  for (const p of prices.points) {
    series[p.outcome]?.points.push({ t: Number(p.timestamp), p: Number(BigInt(p.price)) / 1e18 });
  }
  return series;
}

async function allPricePoints(ctx: ServerContext, id: bigint): Promise<PricesResponse | null> {
  const pageSize = 1000;
  let merged: PricesResponse | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await ctx.indexer<PricesResponse>(
      `/markets/${id}/prices?limit=${pageSize}&offset=${page * pageSize}`,
    );
    if (!res.ok) return merged ?? null;
    const points: PricesResponse["points"] = [...(merged?.points ?? []), ...res.data.points];
    merged = { ...res.data, points };
    if (res.data.points.length < pageSize) break;
  }
  return merged ?? null;
}

export async function loadMarket(
  ctx: ServerContext,
  id: bigint,
): Promise<{ market: MarketDetail | null; notices: Notice[] }> {
  const notices: Notice[] = [];
  const res = await ctx.indexer<MarketResponse>(`/markets/${id}`);
  if (res.ok) {
    const m = res.data.market;
    const [prices, trades] = await Promise.all([
      allPricePoints(ctx, id),
      ctx.indexer<TradesResponse>(`/markets/${id}/trades?limit=20`),
    ]);
    return {
      notices,
      market: {
        ...indexedMarketView(m),
        description: m.description,
        rules: m.metadata?.resolution?.rules ?? null,
        invalidIf: m.metadata?.resolution?.invalidIf ?? null,
        pool: m.pool,
        series: prices ? priceSeries(prices) : [],
        trades: trades.ok
          ? trades.data.trades.map((t) => ({
              trader: t.trader,
              outcome: t.outcome,
              isBuy: t.isBuy,
              shares: t.shares,
              collateral: t.collateral,
              priceAfter: t.priceAfter,
              timestamp: t.timestamp,
              txHash: t.txHash,
            }))
          : [],
        holders: res.data.holders,
      },
    };
  }
  if (res.reason === "http" && res.status === 404) return { market: null, notices };
  notices.push({ kind: "indexer", message: indexerNotice(res.message) });
  if (ctx.addresses === null) return { market: null, notices };
  try {
    const view = await chainMarketView(ctx, ctx.addresses, id);
    const meta = await getMarketMetadata(ctx.client, {
      addresses: ctx.addresses,
      marketId: id,
    }).catch(() => null);
    return {
      notices,
      market: {
        ...view,
        description: meta?.metadata?.description ?? null,
        rules: meta?.metadata?.resolution.rules ?? null,
        invalidIf: meta?.metadata?.resolution.invalidIf ?? null,
        pool: "0",
        series: [],
        trades: [],
        holders: null,
      },
    };
  } catch (error) {
    const message = chainErrorMessage(error);
    if (/^There is no market #/.test(message)) {
      return { market: null, notices: [] };
    }
    notices.push({ kind: "chain", message: `The chain is unreachable too (${message}).` });
    return { market: null, notices };
  }
}
