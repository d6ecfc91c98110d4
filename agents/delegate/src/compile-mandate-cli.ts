#!/usr/bin/env node
/**
 * mandate-compile: drafts a mandate from a holder's plain-language wishes with an
 * OpenAI-compatible model, shows every rule in plain words, and writes it only after the holder
 * confirms. Without a model provider, edit the rules directly (packages/mandate/examples).
 *
 *   OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.1:8b \
 *     npm run compile-mandate -w @mandate/delegate -- --text "Vote against any treasury transfer \
 *     above $500k; ask me about upgrades; otherwise abstain." --out my-mandate.json
 *
 * Exit codes: 0 written (or declined), 1 the model failed or drafted an invalid mandate, 2 bad
 * usage or configuration.
 */
import { existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { compileMandate } from "./engines/mandate-compiler.js";
import { createChatCompleter, InvalidModelOutputError, redactSecrets } from "./engines/openai.js";
import { parseEngineEnv } from "./engines/openai-env.js";

const USAGE = `mandate-compile: draft a mandate from plain-language wishes (needs a model provider)

Usage: mandate-compile (--text "..." | --file FILE) --out FILE [--name NAME] [--yes]

  --text TEXT   the holder's wishes, in plain language
  --file FILE   read the wishes from a file instead
  --out FILE    where to write the mandate JSON after you confirm (refuses to overwrite)
  --name NAME   the mandate's name (default "My mandate")
  --yes         write without asking (for scripts; the rules are still printed)

Model: OPENAI_MODEL, and OPENAI_BASE_URL for a local server (Ollama, llama.cpp, vLLM) or
OPENAI_API_KEY for OpenAI. The draft is validated against mandate/v1 and shown rule by rule;
nothing is published: publish the printed hash with the registry's publishMandate.`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  function parse(a: string[]) {
    return parseArgs({
      args: a,
      options: {
        text: { type: "string" },
        file: { type: "string" },
        out: { type: "string" },
        name: { type: "string" },
        yes: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
  }
  try {
    values = parse(argv).values;
  } catch (e) {
    console.error(`mandate-compile: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if ((values.text === undefined) === (values.file === undefined)) {
    console.error("mandate-compile: give the wishes with exactly one of --text or --file");
    return 2;
  }
  if (values.out === undefined) {
    console.error("mandate-compile: --out FILE is required (where to write the mandate)");
    return 2;
  }
  if (existsSync(values.out)) {
    console.error(`mandate-compile: ${values.out} already exists; choose another --out`);
    return 2;
  }
  const wishes = values.text ?? readFileSync(values.file as string, "utf8");
  const model = env.OPENAI_MODEL?.trim();
  if (!model) {
    console.error(
      "mandate-compile: compiling wishes needs a model provider: set OPENAI_MODEL (and OPENAI_BASE_URL for a local server, or OPENAI_API_KEY for OpenAI). Without one, edit the rules directly.",
    );
    return 2;
  }
  let completer: ReturnType<typeof createChatCompleter>;
  try {
    const cfg = parseEngineEnv({ ...env, MANDATE_ENGINE: "openai" }).openai;
    completer = createChatCompleter({
      baseURL: cfg?.baseURL,
      model,
      apiKey: cfg?.apiKey,
      timeoutMs: cfg?.timeoutMs,
      maxRetries: cfg?.maxRetries,
    });
  } catch (e) {
    console.error(`mandate-compile: ${redactSecrets((e as Error).message, env.OPENAI_API_KEY)}`);
    return 2;
  }

  console.log(`Drafting a mandate with ${completer.name} at ${completer.where}…`);
  let compiled: Awaited<ReturnType<typeof compileMandate>>;
  try {
    compiled = await compileMandate(
      completer,
      wishes,
      values.name === undefined ? {} : { name: values.name },
    );
  } catch (e) {
    if (e instanceof InvalidModelOutputError) {
      console.error(`mandate-compile: ${e.message}`);
      for (const issue of e.issues) console.error(`  ${issue}`);
      console.error("Nothing was written. Rephrase the wishes, or edit the rules directly.");
      return 1;
    }
    console.error(`mandate-compile: ${redactSecrets((e as Error).message, env.OPENAI_API_KEY)}`);
    return 1;
  }

  console.log(
    "\nThe draft, in plain words (check every rule: this is how your delegate will vote):\n",
  );
  for (const line of compiled.explanation) console.log(`  ${line}`);
  console.log(`\nmandate hash ${compiled.hash}`);
  if (!values.yes) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = (await rl.question(`\nWrite it to ${values.out}? [y/N] `)).trim().toLowerCase();
    rl.close();
    if (answer !== "y" && answer !== "yes") {
      console.log("Not written.");
      return 0;
    }
  }
  writeFileSync(values.out, compiled.json, { flag: "wx" });
  console.log(
    `Wrote ${values.out}. To serve it, the delegate's owner publishes the hash above with the registry's publishMandate(delegateId, hash, uri).`,
  );
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exitCode = await main(process.argv.slice(2));
}
