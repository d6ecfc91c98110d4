/**
 * The mandates of the local chain's two AI delegates: the example mandates of @mandate/mandate,
 * registered with their canonical hash and a data: URI holding the canonical JSON itself, so anyone
 * can read the mandate from the chain and recompute its hash.
 */
import {
  builderFriendly,
  builderFriendlyHash,
  canonicalMandate,
  treasurySteward,
  treasuryStewardHash,
} from "@mandate/mandate";
import type { DelegateKey, RegisteredMandate } from "../seed-dao.ts";

const dataUri = (json: string) =>
  `data:application/json;base64,${Buffer.from(json, "utf8").toString("base64")}`;

export function localMandates(): Record<DelegateKey, RegisteredMandate> {
  return {
    steward: {
      name: treasurySteward.name,
      hash: treasuryStewardHash,
      uri: dataUri(canonicalMandate(treasurySteward)),
    },
    builder: {
      name: builderFriendly.name,
      hash: builderFriendlyHash,
      uri: dataUri(canonicalMandate(builderFriendly)),
    },
  };
}
