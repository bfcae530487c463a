import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** How sandbox processes are cut off from the network. */
export type NetworkIsolation =
  | { kind: "namespace"; command: string[] }
  | { kind: "none"; reason: string };

const UNSHARE = "/usr/bin/unshare";

/**
 * Checks once whether this machine lets an unprivileged process enter a new user and network
 * namespace (`unshare -rn`: only a loopback interface, down — no route anywhere, not even to
 * this host's own ports). Linux with user namespaces enabled says yes; containers without them,
 * macOS and Windows say no, and the sandbox then runs without (see README, "Running code").
 */
export function detectNetworkIsolation(): NetworkIsolation {
  if (process.platform !== "linux")
    return { kind: "none", reason: `${process.platform} has no network namespaces` };
  if (!existsSync(UNSHARE)) return { kind: "none", reason: `${UNSHARE} is missing (util-linux)` };
  const probe = spawnSync(UNSHARE, ["-rn", process.execPath, "-e", "0"], {
    env: {},
    stdio: "ignore",
    timeout: 10_000,
  });
  if (probe.status === 0) return { kind: "namespace", command: [UNSHARE, "-rn"] };
  return { kind: "none", reason: "unprivileged user namespaces are not allowed here" };
}
