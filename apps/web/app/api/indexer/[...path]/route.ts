import { NextResponse } from "next/server";
import { readConfig } from "@/lib/config";
import { isProxiedIndexerPath } from "@/lib/indexer";

/** Same-origin reads of the indexer's REST API for the browser (GET, listed paths only). */
export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const rest = `/${path.map(encodeURIComponent).join("/")}`;
  if (!isProxiedIndexerPath(rest)) {
    return NextResponse.json(
      { error: `not an indexer path this app serves: ${rest}` },
      { status: 404 },
    );
  }
  let indexerUrl: string;
  try {
    ({ indexerUrl } = readConfig());
  } catch (error) {
    return NextResponse.json({ error: (error as Error).message }, { status: 500 });
  }
  const search = new URL(request.url).search;
  try {
    const upstream = await fetch(`${indexerUrl}${rest}${search}`, {
      signal: AbortSignal.timeout(8_000),
      cache: "no-store",
      headers: { accept: "application/json" },
    });
    return new NextResponse(await upstream.text(), {
      status: upstream.status,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  } catch {
    return NextResponse.json(
      { error: "The indexer is unreachable (no answer from it)." },
      { status: 503 },
    );
  }
}
