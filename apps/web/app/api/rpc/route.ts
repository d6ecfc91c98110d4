import { NextResponse } from "next/server";
import { readConfig } from "@/lib/config";
import { rejectRpc } from "@/lib/rpc-proxy";

/** Same-origin JSON-RPC for the browser: forwards allowed methods to MANDATE_RPC_URL. */
export async function POST(request: Request) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return NextResponse.json(
      { jsonrpc: "2.0", id: null, error: { code: -32700, message: "body is not JSON" } },
      { status: 400 },
    );
  }
  const rejected = rejectRpc(body);
  if (rejected) return NextResponse.json(rejected.body, { status: rejected.status });
  let rpcUrl: string;
  try {
    ({ rpcUrl } = readConfig());
  } catch (error) {
    return NextResponse.json({ error: (error as Error).message }, { status: 500 });
  }
  try {
    const upstream = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
      cache: "no-store",
    });
    return new NextResponse(await upstream.text(), {
      status: upstream.status,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  } catch {
    return NextResponse.json(
      {
        jsonrpc: "2.0",
        id: Array.isArray(body) ? null : ((body as { id?: unknown }).id ?? null),
        error: { code: -32603, message: "the chain's JSON-RPC node is unreachable" },
      },
      { status: 502 },
    );
  }
}
