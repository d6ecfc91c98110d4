import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);
// solc-js from the `solc` npm package: compiles offline, no compiler download.
const solcPath = require.resolve("solc/soljson.js");
const inCI = process.env.CI === "true";

export default defineConfig({
  plugins: [hardhatToolboxViem],
  paths: { sources: "./src", tests: { solidity: "./test", nodejs: "./test" } },
  solidity: {
    // Deployed straight from OpenZeppelin: built so Ignition and viem get an artifact.
    npmFilesToBuild: [
      "@openzeppelin/contracts/governance/TimelockController.sol",
      // The local chain's upgradeable demo contract (src/demo) sits behind these.
      "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol",
      "@openzeppelin/contracts/proxy/transparent/ProxyAdmin.sol",
    ],
    profiles: {
      default: {
        version: "0.8.30",
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 20_000 }, evmVersion: "cancun", viaIR: true },
      },
      production: {
        version: "0.8.30",
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 20_000 }, evmVersion: "cancun", viaIR: true },
      },
    },
  },
  test: {
    solidity: {
      // Deterministic fuzzing: a fixed seed; few runs locally, many in CI.
      fuzz: { seed: "0x6d616e64617465", runs: inCI ? 2_000 : 256 },
      invariant: { runs: inCI ? 256 : 32, depth: inCI ? 100 : 40, failOnRevert: false },
    },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1", hardfork: "cancun" },
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
  },
});
