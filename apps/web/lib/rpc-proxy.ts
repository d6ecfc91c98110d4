/**
 * Which JSON-RPC methods the app's `/api/rpc` proxy forwards to the node: reads, gas estimation
 * and already-signed transactions. Node-side signing (`eth_sendTransaction`, `eth_sign…`) and the
 * node's admin and test methods (`hardhat_*`, `evm_*`, `debug_*`) are refused.
 */
const ALLOWED = new Set([
  "eth_chainId",
  "net_version",
  "web3_clientVersion",
  "eth_blockNumber",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getBalance",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_getTransactionCount",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_call",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
  "eth_getLogs",
  "eth_sendRawTransaction",
  "eth_syncing",
]);

export type RpcRequest = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };

export function isAllowedRpcMethod(method: unknown): boolean {
  return typeof method === "string" && ALLOWED.has(method);
}

/** Null when every request of a (batch) body is allowed; else the JSON-RPC error to answer. */
export function rejectRpc(body: unknown): { status: number; body: unknown } | null {
  const requests = Array.isArray(body) ? body : [body];
  if (requests.length === 0 || requests.length > 100) {
    return {
      status: 400,
      body: {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: "batch must hold 1 to 100 requests" },
      },
    };
  }
  for (const r of requests) {
    if (typeof r !== "object" || r === null) {
      return {
        status: 400,
        body: {
          jsonrpc: "2.0",
          id: null,
          error: { code: -32600, message: "invalid JSON-RPC request" },
        },
      };
    }
    const { method, id } = r as RpcRequest;
    if (!isAllowedRpcMethod(method)) {
      // HTTP 200 with a JSON-RPC error, as nodes answer an unknown method (-32601): clients such
      // as viem then fall back (e.g. from eth_fillTransaction to separate calls).
      return {
        status: 200,
        body: {
          jsonrpc: "2.0",
          id: id ?? null,
          error: {
            code: -32601,
            message: `method ${String(method)} is not available through this app`,
          },
        },
      };
    }
  }
  return null;
}
