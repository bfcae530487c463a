import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The machine and software a run measured, recorded with its results. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  nodeVersion: string;
  nodeLlamaCppVersion: string;
  /** The commit measured, and whether the engine's files differed from it (work in progress). */
  gitCommit: string;
  isEngineModified: boolean;
}

export function describeMachine(): MachineInfo {
  return {
    cpuModel: cpuModelName(),
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    nodeVersion: process.version,
    nodeLlamaCppVersion: packageVersion("node-llama-cpp"),
    gitCommit: git(["rev-parse", "--short", "HEAD"]),
    isEngineModified: git(["status", "--porcelain", "packages/llm/src/engine"]) !== "",
  };
}

/** The 1-minute load average, rounded to two decimals. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

function cpuModelName(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((candidate) => candidate.startsWith("model name"));
    if (line) return line.split(":").slice(1).join(":").trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? "unknown";
}

/** The installed version of a package whose `exports` hide its package.json. */
function packageVersion(name: string): string {
  let folder = path.dirname(fileURLToPath(import.meta.resolve(name)));
  while (folder !== path.dirname(folder)) {
    try {
      const manifest = ZManifest.parse(
        JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")),
      );
      if (manifest.name === name) return manifest.version;
    } catch {
      // No package.json here (or another package's): look one folder up.
    }
    folder = path.dirname(folder);
  }
  return "unknown";
}

const ZManifest = z.object({ name: z.string(), version: z.string() });

function git(args: string[]): string {
  try {
    return execFileSync("git", args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}
